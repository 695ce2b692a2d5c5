module github.com/wasmkernel/wasmkernel/examples/gowasi

go 1.26
