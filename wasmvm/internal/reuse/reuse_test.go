package reuse

import (
	"runtime"
	"testing"
	"weak"
)

func TestPoolKeepsWhileCompiling(t *testing.T) {
	p := NewPool[[]int]()
	Begin()
	x := p.Get()
	*x = make([]int, 100)
	p.Put(x)
	if y := p.Get(); y != x || cap(*y) != 100 {
		t.Fatalf("Get during a compile = %p (cap %d), want the object put back, %p", y, cap(*y), x)
	}
	p.Put(x)
	End()
	if y := p.Get(); y == x || *y != nil {
		t.Fatalf("Get after the last End returned the object put back before it")
	}
}

func TestPoolKeepsUntilTheLastEnd(t *testing.T) {
	p := NewPool[int]()
	Begin()
	Begin()
	x := p.Get()
	p.Put(x)
	End()
	if y := p.Get(); y != x {
		t.Fatal("one of two compiles ended: the pool let go of its object")
	}
	p.Put(x)
	End()
	if y := p.Get(); y == x {
		t.Fatal("both compiles ended: the pool still holds its object")
	}
}

func TestPutOutsideACompileDrops(t *testing.T) {
	p := NewPool[int]()
	x := p.Get()
	p.Put(x)
	if y := p.Get(); y == x {
		t.Fatal("an object put back outside a compile was kept")
	}
}

// TestEndLetsGo checks what the package is for: once the last compile
// ends, nothing holds the pooled objects, and a collection frees them.
func TestEndLetsGo(t *testing.T) {
	p := NewPool[[1 << 16]byte]()
	Begin()
	x := p.Get()
	w := weak.Make(x)
	p.Put(x)
	x = nil
	End()
	runtime.GC()
	if w.Value() != nil {
		t.Fatal("a collection after the last End did not free the pooled object")
	}
}
