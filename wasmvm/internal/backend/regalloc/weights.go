package regalloc

// weight is how often code at loop depth d runs, relatively: 10 times per
// loop level, up to 10^6.
func weight(d int) float64 {
	w := 1.0
	for range min(d, 6) {
		w *= 10
	}
	return w
}

// minShare bounds a block's Function.Share from below.
const minShare = 1.0 / 1024

// blockWeights returns, in w (resized), how often each block of f runs,
// relatively: the weight of its loop depth, times its share where f gives
// the blocks' shares (Function.Share; one out of (0, 1] counts as 1, or
// as minShare when below it).
func blockWeights(f *Function, depth []int, w []float64) []float64 {
	w = resize(w, len(f.Blocks))
	useShare := len(f.Share) == len(f.Blocks)
	for b := range w {
		w[b] = weight(depth[b])
		if s := 1.0; useShare {
			if f.Share[b] < 1 { // NaN: 1
				s = max(f.Share[b], minShare)
			}
			w[b] *= s
		}
	}
	return w
}
