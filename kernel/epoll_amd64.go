package kernel

// epollEvent is Linux's struct epoll_event on x86-64, where it is packed
// (12 bytes).
type epollEvent struct {
	events uint32
	data   [2]uint32
}
