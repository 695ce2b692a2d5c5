package boot

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// The initial process stack, as Linux builds it for a static executable
// (System V AMD64 ABI, section 3.4.1; arm64 Linux lays it out the same
// way): argc, argv[], NULL, envp[], NULL,
// then the auxiliary vector of (type, value) pairs ending with AT_NULL,
// and above them the strings and bytes the pointers refer to.
const (
	atNull   = 0
	atPagesz = 6
	atHwcap  = 16
	atSecure = 23
	atRandom = 25

	maxArgs = 64
	maxEnvs = 64
)

// The program name, and the environment every boot gets: asynchronous
// preemption needs signals the kernel does not send.
const (
	programName = "wasmkernel\x00"
	bootEnv     = "GODEBUG=asyncpreemptoff=1\x00"
)

// buildInitialStack lays out the initial stack below top and returns the
// stack pointer to enter the runtime with. The kernel command line is
// split at spaces: words with '=' join the environment, the others follow
// the program name in argv. It runs before the runtime exists: no
// allocation and nothing that can panic. It runs on the boot stack, which
// bootG describes, so ordinary stack checks pass.
func buildInitialStack(top uintptr) uintptr {
	p := top
	p = putString(p, programName)
	name := p
	p = putString(p, bootEnv)
	env0 := p

	// Copy the command line, then cut it into words in place.
	cmdline := StartInfo().CommandLine()
	p = putString(p-1, cmdline)
	*(*byte)(cpu.Pointer(p + uintptr(len(cmdline)))) = 0
	line := p
	var argv [maxArgs]uintptr
	var envp [maxEnvs]uintptr
	argc, envc := 1, 1
	argv[0], envp[0] = name, env0
	for i := 0; i < len(cmdline); {
		for i < len(cmdline) && cmdline[i] == ' ' {
			*(*byte)(cpu.Pointer(line + uintptr(i))) = 0
			i++
		}
		start, isEnv := i, false
		for i < len(cmdline) && cmdline[i] != ' ' {
			isEnv = isEnv || cmdline[i] == '='
			i++
		}
		if i == start {
			break
		}
		if isEnv && envc < maxEnvs {
			envp[envc] = line + uintptr(start)
			envc++
		} else if !isEnv && argc < maxArgs {
			argv[argc] = line + uintptr(start)
			argc++
		}
	}

	// AT_RANDOM: 16 bytes the runtime seeds its hash functions with.
	p = (p - 16) &^ 15
	random := p
	for i := uintptr(0); i < 16; i += 8 {
		*(*uint64)(cpu.Pointer(random + i)) = seed()
	}

	auxv := [...]uintptr{atPagesz, 4096, atHwcap, hwcap(), atRandom, random, atSecure, 0, atNull, 0}
	words := 1 + argc + 1 + envc + 1 + len(auxv)
	p = (p - uintptr(words)*8) &^ 15
	w := putWord(p, uintptr(argc))
	for i := 0; i < argc; i++ {
		w = putWord(w, argv[i])
	}
	w = putWord(w, 0)
	for i := 0; i < envc; i++ {
		w = putWord(w, envp[i])
	}
	w = putWord(w, 0)
	for i := 0; i < len(auxv); i++ {
		w = putWord(w, auxv[i])
	}
	return p
}

// putString stores s just below p and returns its address.
//
//go:nosplit
func putString(p uintptr, s string) uintptr {
	p -= uintptr(len(s))
	for i := 0; i < len(s); i++ {
		*(*byte)(cpu.Pointer(p + uintptr(i))) = s[i]
	}
	return p
}

// putWord stores v at p and returns the next word's address.
//
//go:nosplit
func putWord(p, v uintptr) uintptr {
	*(*uintptr)(cpu.Pointer(p)) = v
	return p + 8
}
