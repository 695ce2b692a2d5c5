package wasm

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Errors a Reader returns. Decoders wrap them with the section and offset.
var (
	ErrUnexpectedEnd = errors.New("unexpected end")
	ErrIntTooLong    = errors.New("integer representation too long")
	ErrIntTooLarge   = errors.New("integer too large")
	ErrMalformedUTF8 = errors.New("malformed UTF-8 encoding")
)

// Reader reads the primitive encodings of the binary format (spec 5.2) from
// a byte slice. Base is the module offset of the slice's first byte, so
// errors and Offset report positions in the whole module.
type Reader struct {
	buf  []byte
	pos  int
	last int // position where the most recent read began
	Base int
}

// NewReader returns a Reader over b whose first byte is at module offset base.
func NewReader(b []byte, base int) *Reader { return &Reader{buf: b, Base: base} }

// Reset makes r read b from its start.
func (r *Reader) Reset(b []byte, base int) { r.buf, r.pos, r.last, r.Base = b, 0, 0, base }

// LastOffset is the module offset where the most recent read began: after
// an error, the position of the malformed item.
func (r *Reader) LastOffset() int { return r.Base + r.last }

// Offset is the module offset of the next byte.
func (r *Reader) Offset() int { return r.Base + r.pos }

// Pos is the position of the next byte within the slice.
func (r *Reader) Pos() int { return r.pos }

// Len is the number of unread bytes.
func (r *Reader) Len() int { return len(r.buf) - r.pos }

// Byte reads one byte.
func (r *Reader) Byte() (byte, error) {
	r.last = r.pos
	if r.pos >= len(r.buf) {
		return 0, ErrUnexpectedEnd
	}
	b := r.buf[r.pos]
	r.pos++
	return b, nil
}

// Bytes reads n bytes and returns them without copying.
func (r *Reader) Bytes(n uint32) ([]byte, error) {
	r.last = r.pos
	if uint64(n) > uint64(r.Len()) {
		return nil, ErrUnexpectedEnd
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b, nil
}

// U32 reads an unsigned LEB128 integer of at most 32 bits.
func (r *Reader) U32() (uint32, error) {
	r.last = r.pos
	var v uint32
	for i := 0; i < 5; i++ {
		b, err := r.next()
		if err != nil {
			return 0, err
		}
		if i == 4 {
			if b&0x80 != 0 {
				return 0, ErrIntTooLong
			}
			if b&0x70 != 0 {
				return 0, ErrIntTooLarge
			}
		}
		v |= uint32(b&0x7F) << (7 * i)
		if b&0x80 == 0 {
			return v, nil
		}
	}
	return 0, ErrIntTooLong
}

// U64 reads an unsigned LEB128 integer of at most 64 bits.
func (r *Reader) U64() (uint64, error) {
	r.last = r.pos
	var v uint64
	for i := 0; i < 10; i++ {
		b, err := r.next()
		if err != nil {
			return 0, err
		}
		if i == 9 {
			if b&0x80 != 0 {
				return 0, ErrIntTooLong
			}
			if b&0x7E != 0 {
				return 0, ErrIntTooLarge
			}
		}
		v |= uint64(b&0x7F) << (7 * i)
		if b&0x80 == 0 {
			return v, nil
		}
	}
	return 0, ErrIntTooLong
}

// signed reads a signed LEB128 integer of at most bits bits.
func (r *Reader) signed(bits int) (int64, error) {
	r.last = r.pos
	var v int64
	maxBytes := (bits + 6) / 7
	for i := 0; i < maxBytes; i++ {
		b, err := r.next()
		if err != nil {
			return 0, err
		}
		v |= int64(b&0x7F) << (7 * i)
		if i == maxBytes-1 {
			if b&0x80 != 0 {
				return 0, ErrIntTooLong
			}
			// The payload bits above the value's width must all equal
			// its sign bit.
			used := bits - 7*i
			payload := b & 0x7F
			high := byte(0x7F) &^ (1<<used - 1)
			if payload>>(used-1)&1 == 1 {
				if payload&high != high {
					return 0, ErrIntTooLarge
				}
			} else if payload&high != 0 {
				return 0, ErrIntTooLarge
			}
		}
		if b&0x80 == 0 {
			shift := 7 * (i + 1)
			if shift < 64 && b&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
	}
	return 0, ErrIntTooLong
}

// S32 reads a signed LEB128 integer of at most 32 bits.
func (r *Reader) S32() (int32, error) {
	v, err := r.signed(32)
	return int32(v), err
}

// S33 reads the signed 33-bit integer used for block types.
func (r *Reader) S33() (int64, error) { return r.signed(33) }

// S64 reads a signed LEB128 integer of at most 64 bits.
func (r *Reader) S64() (int64, error) { return r.signed(64) }

// F32 reads the bits of a 32-bit float.
func (r *Reader) F32() (uint32, error) {
	b, err := r.Bytes(4)
	if err != nil {
		return 0, err
	}
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24, nil
}

// F64 reads the bits of a 64-bit float.
func (r *Reader) F64() (uint64, error) {
	b, err := r.Bytes(8)
	if err != nil {
		return 0, err
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, nil
}

// Name reads a length-prefixed UTF-8 string.
func (r *Reader) Name() (string, error) {
	start := r.pos
	n, err := r.U32()
	if err != nil {
		return "", err
	}
	if uint64(n) > uint64(r.Len()) {
		return "", fmt.Errorf("name of %d bytes: %w", n, ErrUnexpectedEnd)
	}
	b, _ := r.Bytes(n)
	r.last = start
	if !utf8.Valid(b) {
		return "", ErrMalformedUTF8
	}
	return string(b), nil
}

// Count reads a vector length and checks that at least minSize bytes per
// element remain, so that no caller allocates for elements that cannot be
// there.
func (r *Reader) Count(minSize int) (uint32, error) {
	n, err := r.U32()
	if err != nil {
		return 0, err
	}
	if minSize > 0 && uint64(n)*uint64(minSize) > uint64(r.Len()) {
		return 0, fmt.Errorf("vector of %d elements: %w", n, ErrUnexpectedEnd)
	}
	return n, nil
}

// Slice returns the bytes between positions start and end of the slice.
func (r *Reader) Slice(start, end int) []byte { return r.buf[start:end:end] }

// next reads one byte without moving the error mark.
func (r *Reader) next() (byte, error) {
	if r.pos >= len(r.buf) {
		return 0, ErrUnexpectedEnd
	}
	b := r.buf[r.pos]
	r.pos++
	return b, nil
}
