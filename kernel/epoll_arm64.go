package kernel

// epollEvent is Linux's struct epoll_event on arm64: naturally aligned,
// 16 bytes.
type epollEvent struct {
	events uint32
	_      uint32
	data   [2]uint32
}
