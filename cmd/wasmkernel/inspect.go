package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/arch/arm64/arm64asm"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm"
)

func runInspect(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("inspect", "[-all] [-disasm FUNC] FILE.wasm|FILE.wkn", stderr)
	all := fs.Bool("all", false, "list every function (default: the 10 largest)")
	disasm := fs.String("disasm", "", "native modules: disassemble the function with this index or name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want exactly one module file", errUsage)
	}
	path := fs.Arg(0)
	if b, err := os.ReadFile(path); err == nil && bytes.HasPrefix(b, []byte("\x00wkn")) {
		info, err := wasmvm.InspectNative(b)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(stdout, "native module %s: %s, %s memory, CPU features 0x%x (%s), %d functions, %d bytes of code, source sha256 %x\n",
			path, info.Arch, info.MemoryMode, info.Features, info.FeatureNames, info.Functions, info.CodeSize, info.SourceSHA256)
		if *disasm != "" {
			return disassemble(stdout, info, *disasm)
		}
		printNativeFunctions(stdout, info, *all)
		return nil
	}
	m, err := parseFile(path)
	if err != nil {
		return err
	}
	printModule(stdout, path, m, *all)
	return nil
}

// parseFile reads and parses a WebAssembly binary module, with clear
// errors for missing files and other formats.
func parseFile(path string) (*wasmvm.Module, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte("\x00asm")) {
		return nil, fmt.Errorf("%s: not a WebAssembly binary module (no \\0asm magic)%s", path, textHint(b))
	}
	m, err := wasmvm.ParseModule(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// textHint suggests wat2wasm for what looks like the text format.
func textHint(b []byte) string {
	t := bytes.TrimSpace(b)
	if bytes.HasPrefix(t, []byte("(module")) || bytes.HasPrefix(t, []byte(";;")) {
		return "; this looks like the text format: convert it with wat2wasm first"
	}
	return ""
}

func printModule(w io.Writer, path string, m *wasmvm.Module, all bool) {
	sum := m.SHA256()
	fmt.Fprintf(w, "module %s: %d bytes, sha256 %x\n", path, m.Size(), sum)
	if n := m.Name(); n != "" {
		fmt.Fprintf(w, "name: %s\n", n)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	imports := m.Imports()
	fmt.Fprintf(w, "\nimports (%d):\n", len(imports))
	for _, im := range imports {
		fmt.Fprintf(tw, "  %s\t%s.%s\t%s\n", im.Kind, im.Module, im.Name, im.Type)
	}
	tw.Flush()
	exports := m.Exports()
	fmt.Fprintf(w, "\nexports (%d):\n", len(exports))
	for _, e := range exports {
		fmt.Fprintf(tw, "  %s\t%s\t(index %d)\n", e.Kind, e.Name, e.Index)
	}
	tw.Flush()
	section := func(title string, items []string) {
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
		for i, it := range items {
			fmt.Fprintf(w, "  %d: %s\n", i, it)
		}
	}
	section("memories", m.Memories())
	section("tables", m.Tables())
	section("globals", m.Globals())
	elems, datas := m.Segments()
	fmt.Fprintf(w, "\nsegments: %d element, %d data\n", elems, datas)
	if start, ok := m.Start(); ok {
		fmt.Fprintf(w, "start function: %d\n", start)
	}
	printFunctions(w, tw, m, all)
	customs := m.CustomSections()
	fmt.Fprintf(w, "\ncustom sections (%d):\n", len(customs))
	for _, c := range customs {
		fmt.Fprintf(w, "  %s (%d bytes)\n", c.Name, c.Size)
	}
}

func printFunctions(w io.Writer, tw *tabwriter.Writer, m *wasmvm.Module, all bool) {
	funcs := m.Functions()
	total := 0
	for _, f := range funcs {
		total += f.CodeSize
	}
	fmt.Fprintf(w, "\nfunctions: %d defined, %d imported, %d bytes of code\n",
		len(funcs), m.NumImportedFunctions(), total)
	shown := funcs
	if !all && len(funcs) > 10 {
		shown = append([]wasmvm.FunctionInfo(nil), funcs...)
		sort.SliceStable(shown, func(i, j int) bool { return shown[i].CodeSize > shown[j].CodeSize })
		shown = shown[:10]
		fmt.Fprintln(w, "  the 10 largest (-all lists every function):")
	}
	fmt.Fprintf(tw, "  index\tsize\tlocals\ttype\tname\n")
	for _, f := range shown {
		fmt.Fprintf(tw, "  %d\t%d\t%d\t%s\t%s\n", f.Index, f.CodeSize, f.Locals, f.Type, f.Name)
	}
	tw.Flush()
}

// nativeNames maps function indices to names from the embedded module's
// name section.
func nativeNames(info *wasmvm.NativeInfo) map[uint32]string {
	names := map[uint32]string{}
	if m, err := wasmvm.ParseModule(info.Source); err == nil {
		for _, f := range m.Functions() {
			names[f.Index] = f.Name
		}
	}
	return names
}

// disassemble prints the machine code of one function of a native
// module, chosen by index or name.
func disassemble(w io.Writer, info *wasmvm.NativeInfo, which string) error {
	names := nativeNames(info)
	var fn *wasmvm.NativeFunction
	for i := range info.Compiled {
		f := &info.Compiled[i]
		if strconv.Itoa(int(f.Index)) == which || names[f.Index] == which {
			fn = f
			break
		}
	}
	if fn == nil {
		return fmt.Errorf("no function %q in the native module", which)
	}
	fmt.Fprintf(w, "function %d %s: %d bytes of code, %d-byte frame\n", fn.Index, names[fn.Index], fn.CodeSize, fn.FrameSize)
	switch info.Arch {
	case "amd64":
		if strings.Contains(info.FeatureNames, "AVX") {
			return objdumpAMD64(w, fn.Code)
		}
		for pc := 0; pc < len(fn.Code); {
			inst, err := x86asm.Decode(fn.Code[pc:], 64)
			if err != nil {
				fmt.Fprintf(w, "  %6x  %02x  (undecodable)\n", pc, fn.Code[pc])
				pc++
				continue
			}
			fmt.Fprintf(w, "  %6x  %s\n", pc, x86asm.IntelSyntax(inst, uint64(pc), nil))
			pc += inst.Len
		}
	case "arm64":
		for pc := 0; pc+4 <= len(fn.Code); pc += 4 {
			inst, err := arm64asm.Decode(fn.Code[pc:])
			if err != nil {
				fmt.Fprintf(w, "  %6x  %08x  (undecodable)\n", pc, binary.LittleEndian.Uint32(fn.Code[pc:]))
				continue
			}
			fmt.Fprintf(w, "  %6x  %s\n", pc, arm64asm.GNUSyntax(inst))
		}
	default:
		return fmt.Errorf("disassembly of %s code is not supported", info.Arch)
	}
	return nil
}

// printNativeFunctions lists a native module's functions with their code
// and stack frame sizes: all of them, or the 10 largest frames.
func printNativeFunctions(w io.Writer, info *wasmvm.NativeInfo, all bool) {
	names := nativeNames(info)
	shown := info.Compiled
	if !all && len(shown) > 10 {
		shown = append([]wasmvm.NativeFunction(nil), shown...)
		sort.SliceStable(shown, func(i, j int) bool { return shown[i].FrameSize > shown[j].FrameSize })
		shown = shown[:10]
		fmt.Fprintln(w, "the 10 largest stack frames (-all lists every function):")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  index\tcode\tframe\tname\n")
	for _, f := range shown {
		fmt.Fprintf(tw, "  %d\t%d\t%d\t%s\n", f.Index, f.CodeSize, f.FrameSize, names[f.Index])
	}
	tw.Flush()
}

// objdumpAMD64 prints x86-64 code with binutils' objdump, for code with
// VEX (AVX) instructions, which x86asm does not decode.
func objdumpAMD64(w io.Writer, code []byte) error {
	path, err := exec.LookPath("objdump")
	if err != nil {
		return fmt.Errorf("the code has AVX (VEX) instructions, which need objdump to disassemble (Debian: binutils)")
	}
	f, err := os.CreateTemp("", "wasmkernel-disasm-*.bin")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(code); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	out, err := exec.Command(path, "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", f.Name()).Output()
	if err != nil {
		return fmt.Errorf("objdump: %w", err)
	}
	// Lines "   pc:\tbytes\tinstruction"; continuation lines carry bytes only.
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) != 3 || !strings.HasSuffix(fields[0], ":") {
			continue
		}
		pc, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(fields[0], ":")), 16, 64)
		if err != nil {
			continue
		}
		fmt.Fprintf(w, "  %6x  %s\n", pc, strings.Join(strings.Fields(fields[2]), " "))
	}
	return nil
}
