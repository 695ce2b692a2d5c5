module github.com/wasmkernel/wasmkernel/examples/gohttp

go 1.26
