package native

import (
	"bufio"
	"fmt"
)

// writePerfMap describes the code of st's functions to a profiler in the
// format of Linux perf's JIT symbol maps (/tmp/perf-PID.map: one line per
// function, "START SIZE NAME" with hexadecimal start and size), so that
// `perf report` names WebAssembly functions instead of raw addresses.
// Functions without a name in the module's name section are called
// wasm[INDEX].
func (e *Engine) writePerfMap(st *instanceState) error {
	if e.PerfMap == nil {
		return nil
	}
	w := bufio.NewWriter(e.PerfMap)
	m := st.inst.Module
	fns := st.mod.obj.Functions
	for i := int(m.NumImportedFuncs); i < len(fns); i++ {
		name := m.FuncName(uint32(i))
		if name == "" {
			name = fmt.Sprintf("wasm[%d]", i)
		}
		fmt.Fprintf(w, "%x %x %s:%s\n", st.mod.code.Addr(int(fns[i].Offset)), fns[i].Size, st.inst.Name, name)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write perf map: %w", err)
	}
	return nil
}
