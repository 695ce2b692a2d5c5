# deps.sh is sourced by the scripts in this folder. It checks for the tools a
# script needs and installs missing Debian packages, or stops with a message
# that names what is missing.

# require_go stops unless a Go toolchain of at least the go.mod version is on PATH.
require_go() {
	if ! command -v go >/dev/null 2>&1; then
		echo "wasmkernel needs Go 1.26 or newer on PATH (https://go.dev/dl/)." >&2
		exit 1
	fi
	local want have
	want=$(awk '/^go /{print $2; exit}' go.mod)
	have=$(go env GOVERSION | sed 's/^go//')
	if [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n1)" != "$want" ]; then
		echo "wasmkernel needs Go $want or newer; this is Go $have." >&2
		exit 1
	fi
}

# require_apt PKG... installs the Debian packages that are not installed yet.
require_apt() {
	local missing=() p
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo"
		else
			echo "wasmkernel needs these Debian packages: ${missing[*]}" >&2
			echo "install them with: sudo apt-get install ${missing[*]}" >&2
			exit 1
		fi
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "wasmkernel needs these packages (Debian names): ${missing[*]}; this system has no apt-get." >&2
		exit 1
	fi
	echo "installing ${missing[*]} ..." >&2
	$sudo apt-get update -qq >&2
	if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
		echo "could not install: ${missing[*]}" >&2
		exit 1
	fi
}

# The Debian packages the test suite uses: QEMU for booting the kernel
# (x86-64 and aarch64) and running arm64 code in user mode, clang with
# wasi-libc for C test programs, wabt and binaryen for Wasm tooling,
# dosfstools to check the FAT file systems of Raspberry Pi card images,
# gpgv and Debian's archive keyring to check the arm64 Linux guest's
# packages (linuxvm), gpg and gpg-agent to sign a fake archive in tests.
TEST_PACKAGES=(qemu-system-x86 qemu-system-arm qemu-user-static clang lld libc6-dev musl-dev wasi-libc
	libclang-rt-14-dev-wasm32 wabt binaryen dosfstools binutils gpgv debian-archive-keyring gpg gpg-agent)
