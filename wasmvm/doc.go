// Package wasmvm is wasmkernel's WebAssembly engine: the binary decoder and
// validator, the ahead-of-time compiler (SSA IR, passes, register allocation,
// amd64 and arm64 backends), the native-module object format and the runtime
// that instantiates and runs compiled modules.
//
// wasmvm never imports the kernel, drivers or boot packages: the same code runs
// in an ordinary Linux process and inside the wasmkernel kernel in ring 0.
//
// Reference: WebAssembly Core Specification, Release 2.0.
package wasmvm
