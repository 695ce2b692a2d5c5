package qemu

import (
	"debug/elf"
	"debug/gosym"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var pcLine = regexp.MustCompile(`pc=(0x[0-9a-f]+)`)

// Symbolize appends function, file and line to every "pc=0x..." the
// kernel printed in a fault report, using the symbol tables of the kernel
// ELF that ran.
func Symbolize(console, kernelELF string) (string, error) {
	f, err := elf.Open(kernelELF)
	if err != nil {
		return "", err
	}
	defer f.Close()
	pcln, text := f.Section(".gopclntab"), f.Section(".text")
	if pcln == nil || text == nil {
		return "", fmt.Errorf("%s: no Go symbol table", kernelELF)
	}
	data, err := pcln.Data()
	if err != nil {
		return "", err
	}
	table, err := gosym.NewTable(nil, gosym.NewLineTable(data, text.Addr))
	if err != nil {
		return "", err
	}
	lines := strings.Split(console, "\n")
	for i, l := range lines {
		m := pcLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		pc, _ := strconv.ParseUint(m[1], 0, 64)
		// Return addresses point after the call: look up pc-1 for all but
		// the faulting instruction itself, which comes first.
		if file, line, fn := table.PCToLine(pc); fn != nil {
			lines[i] = fmt.Sprintf("%s %s %s:%d", l, fn.Name, file, line)
		} else if file, line, fn := table.PCToLine(pc - 1); fn != nil {
			lines[i] = fmt.Sprintf("%s %s %s:%d", l, fn.Name, file, line)
		}
	}
	return strings.Join(lines, "\n"), nil
}
