module github.com/wasmkernel/wasmkernel

go 1.26
