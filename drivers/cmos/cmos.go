//go:build amd64

// Package cmos reads the wall-clock time from the PC's CMOS real-time
// clock (MC146818-compatible, I/O ports 0x70/0x71).
package cmos

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

const (
	portIndex = 0x70
	portData  = 0x71

	regSeconds = 0x00
	regMinutes = 0x02
	regHours   = 0x04
	regDay     = 0x07
	regMonth   = 0x08
	regYear    = 0x09
	regStatusA = 0x0A
	regStatusB = 0x0B
	regCentury = 0x32

	statusAUpdating = 0x80
	statusBBinary   = 0x04
	statusB24Hour   = 0x02
)

func read(reg uint8) uint8 {
	cpu.Outb(portIndex, reg|0x80) // keep NMI disabled while selecting
	return cpu.Inb(portData)
}

type reading struct{ sec, min, hour, day, month, year, century uint8 }

func sample() reading {
	for read(regStatusA)&statusAUpdating != 0 {
		cpu.Pause()
	}
	return reading{read(regSeconds), read(regMinutes), read(regHours), read(regDay),
		read(regMonth), read(regYear), read(regCentury)}
}

// UnixTime returns the RTC's time in seconds since 1970 (the RTC keeps
// UTC on the machines this kernel boots on: QEMU's default -rtc base=utc).
func UnixTime() int64 {
	// Read until two samples agree, so an update between reads is not
	// mixed in.
	r := sample()
	for {
		s := sample()
		if s == r {
			break
		}
		r = s
	}
	b := read(regStatusB)
	bin := func(v uint8) int64 {
		if b&statusBBinary != 0 {
			return int64(v)
		}
		return int64(v&0x0F) + int64(v>>4)*10
	}
	hour := bin(r.hour & 0x7F)
	if b&statusB24Hour == 0 && r.hour&0x80 != 0 {
		hour = (hour + 12) % 24
	}
	year := bin(r.year)
	if c := bin(r.century); c >= 19 && c <= 21 {
		year += c * 100
	} else {
		year += 2000
	}
	return DaysSinceEpoch(year, bin(r.month), bin(r.day))*86400 + hour*3600 + bin(r.min)*60 + bin(r.sec)
}

// DaysSinceEpoch returns the days from 1970-01-01 to the given civil date
// of the proleptic Gregorian calendar (month 1-12, day 1-31).
func DaysSinceEpoch(year, month, day int64) int64 {
	if month <= 2 {
		year--
	}
	era := year / 400
	if year < 0 && year%400 != 0 {
		era--
	}
	yoe := year - era*400
	m := (month + 9) % 12 // March = 0
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
