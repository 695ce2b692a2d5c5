package kernel

// errno is a Linux error number; system calls return its negation.
type errno uintptr

const (
	ePERM     errno = 1
	eNOENT    errno = 2
	eINTR     errno = 4
	eBADF     errno = 9
	eAGAIN    errno = 11
	eNOMEM    errno = 12
	eFAULT    errno = 14
	eEXIST    errno = 17
	eNODEV    errno = 19
	eINVAL    errno = 22
	eMFILE    errno = 24
	eNOTTY    errno = 25
	eSPIPE    errno = 29
	eNOSYS    errno = 38
	eTIMEDOUT errno = 110
)
