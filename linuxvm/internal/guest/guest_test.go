package guest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEndLineRoundTrip(t *testing.T) {
	for _, e := range []End{
		{Status: 0, RegionNs: 12345, FreeAtStart: 400 << 20, AppPeak: 3 << 20, Clocksource: "tsc"},
		{Status: 137, RegionNs: -1, FreeAtStart: 1, AppPeak: 0, Clocksource: "refined-jiffies"},
	} {
		console := "boot noise\n" + StartMarker + "\napp output\n" + FormatEnd(e) + "\n"
		got, ok := ParseEnd(console)
		require.True(t, ok)
		require.Equal(t, e, got)
	}
	_, ok := ParseEnd(StartMarker + "\nthe app never ended\n")
	require.False(t, ok)
}
