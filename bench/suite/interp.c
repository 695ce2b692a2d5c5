/* interp.c - a bytecode interpreter: a small stack VM with a switch over
 * 27 opcodes, running three programs (prime counting by trial
 * division, Collatz step sums, and a gcd table).  Written for the
 * wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PRIME_LIMIT 300000  /* count primes below this */
#define COLLATZ_LIMIT 100000 /* sum Collatz steps for 1..this */
#define GCD_SIDE 1000       /* sum gcd(a, b) for 1 <= a, b <= this */

enum {
	OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_INC, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_LT, OP_LE, OP_EQ, OP_NE, OP_JMP, OP_JZ,
	OP_JNZ, OP_DUP, OP_DROP, OP_SWAP, OP_OVER, OP_OUT,
};

#define MAXCODE 1024
#define STACK 256
#define NREGS 16

typedef struct {
	int32_t code[MAXCODE];
	int len;
	int labels[32];
	int fixups[64][2]; /* (position, label) */
	int nfix;
} assembler;

static void emit(assembler *a, int32_t op) {
	if (a->len >= MAXCODE) {
		printf("program too long\n");
		exit(1);
	}
	a->code[a->len++] = op;
}

static void emit1(assembler *a, int32_t op, int32_t arg) {
	emit(a, op);
	emit(a, arg);
}

static void jump(assembler *a, int32_t op, int label) {
	emit(a, op);
	a->fixups[a->nfix][0] = a->len;
	a->fixups[a->nfix][1] = label;
	a->nfix++;
	emit(a, -1);
}

static void label(assembler *a, int l) { a->labels[l] = a->len; }

static void link_program(assembler *a) {
	for (int i = 0; i < a->nfix; i++)
		a->code[a->fixups[i][0]] = a->labels[a->fixups[i][1]];
}

typedef struct {
	uint64_t out;   /* checksum of OUT values */
	uint64_t count; /* number of OUT values */
	uint64_t steps; /* instructions executed */
	uint64_t regs[NREGS];
} vm_result;

static void run(const int32_t *code, vm_result *res) {
	uint64_t stack[STACK];
	uint64_t *sp = stack; /* points past the top */
	uint64_t *regs = res->regs;
	uint64_t steps = 0;
	int pc = 0;
	for (;;) {
		steps++;
		int32_t op = code[pc++];
		switch (op) {
		case OP_HALT:
			res->steps += steps;
			return;
		case OP_PUSH: *sp++ = (uint64_t)(int64_t)code[pc++]; break;
		case OP_LOAD: *sp++ = regs[code[pc++]]; break;
		case OP_STORE: regs[code[pc++]] = *--sp; break;
		case OP_INC: regs[code[pc++]]++; break;
		case OP_ADD: sp--; sp[-1] += sp[0]; break;
		case OP_SUB: sp--; sp[-1] -= sp[0]; break;
		case OP_MUL: sp--; sp[-1] *= sp[0]; break;
		case OP_DIV: sp--; sp[-1] = sp[0] ? sp[-1] / sp[0] : 0; break;
		case OP_MOD: sp--; sp[-1] = sp[0] ? sp[-1] % sp[0] : 0; break;
		case OP_AND: sp--; sp[-1] &= sp[0]; break;
		case OP_OR: sp--; sp[-1] |= sp[0]; break;
		case OP_XOR: sp--; sp[-1] ^= sp[0]; break;
		case OP_SHL: sp--; sp[-1] <<= (sp[0] & 63); break;
		case OP_SHR: sp--; sp[-1] >>= (sp[0] & 63); break;
		case OP_LT: sp--; sp[-1] = sp[-1] < sp[0]; break;
		case OP_LE: sp--; sp[-1] = sp[-1] <= sp[0]; break;
		case OP_EQ: sp--; sp[-1] = sp[-1] == sp[0]; break;
		case OP_NE: sp--; sp[-1] = sp[-1] != sp[0]; break;
		case OP_JMP: pc = code[pc]; break;
		case OP_JZ: pc = *--sp == 0 ? code[pc] : pc + 1; break;
		case OP_JNZ: pc = *--sp != 0 ? code[pc] : pc + 1; break;
		case OP_DUP: sp[0] = sp[-1]; sp++; break;
		case OP_DROP: sp--; break;
		case OP_SWAP: { uint64_t t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; break; }
		case OP_OVER: sp[0] = sp[-2]; sp++; break;
		case OP_OUT:
			res->out = res->out * 0x100000001b3ULL + *--sp;
			res->count++;
			break;
		default:
			printf("bad opcode %d at %d\n", op, pc - 1);
			exit(1);
		}
		if (sp < stack || sp >= stack + STACK) {
			printf("stack out of bounds at %d\n", pc);
			exit(1);
		}
	}
}

/* registers */
enum { R_N, R_D, R_COUNT, R_X, R_STEPS, R_A, R_B, R_TOTAL };

/* primes below limit, by trial division; OUTs every prime */
static void prog_primes(assembler *a, int32_t limit) {
	enum { L_N, L_D, L_PRIME, L_NOT, L_END };
	emit1(a, OP_PUSH, 2);
	emit1(a, OP_STORE, R_N);
	label(a, L_N);
	emit1(a, OP_LOAD, R_N);
	emit1(a, OP_PUSH, limit);
	emit(a, OP_LT);
	jump(a, OP_JZ, L_END);
	emit1(a, OP_PUSH, 2);
	emit1(a, OP_STORE, R_D);
	label(a, L_D);
	emit1(a, OP_LOAD, R_D);
	emit(a, OP_DUP);
	emit(a, OP_MUL);
	emit1(a, OP_LOAD, R_N);
	emit(a, OP_LE);
	jump(a, OP_JZ, L_PRIME);
	emit1(a, OP_LOAD, R_N);
	emit1(a, OP_LOAD, R_D);
	emit(a, OP_MOD);
	jump(a, OP_JZ, L_NOT);
	emit1(a, OP_INC, R_D);
	jump(a, OP_JMP, L_D);
	label(a, L_PRIME);
	emit1(a, OP_INC, R_COUNT);
	emit1(a, OP_LOAD, R_N);
	emit(a, OP_OUT);
	label(a, L_NOT);
	emit1(a, OP_INC, R_N);
	jump(a, OP_JMP, L_N);
	label(a, L_END);
	emit(a, OP_HALT);
}

/* total Collatz steps for 1..limit; OUTs the total */
static void prog_collatz(assembler *a, int32_t limit) {
	enum { L_N = 10, L_X, L_EVEN, L_NEXT, L_DONE, L_END };
	emit1(a, OP_PUSH, 1);
	emit1(a, OP_STORE, R_N);
	label(a, L_N);
	emit1(a, OP_LOAD, R_N);
	emit1(a, OP_PUSH, limit);
	emit(a, OP_LE);
	jump(a, OP_JZ, L_END);
	emit1(a, OP_LOAD, R_N);
	emit1(a, OP_STORE, R_X);
	label(a, L_X);
	emit1(a, OP_LOAD, R_X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_NE);
	jump(a, OP_JZ, L_DONE);
	emit1(a, OP_LOAD, R_X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_AND);
	jump(a, OP_JZ, L_EVEN);
	emit1(a, OP_LOAD, R_X);
	emit1(a, OP_PUSH, 3);
	emit(a, OP_MUL);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit1(a, OP_STORE, R_X);
	jump(a, OP_JMP, L_NEXT);
	label(a, L_EVEN);
	emit1(a, OP_LOAD, R_X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_SHR);
	emit1(a, OP_STORE, R_X);
	label(a, L_NEXT);
	emit1(a, OP_INC, R_STEPS);
	jump(a, OP_JMP, L_X);
	label(a, L_DONE);
	emit1(a, OP_INC, R_N);
	jump(a, OP_JMP, L_N);
	label(a, L_END);
	emit1(a, OP_LOAD, R_STEPS);
	emit(a, OP_OUT);
	emit(a, OP_HALT);
}

/* sum and xor-mix of gcd(a, b) for 1 <= a, b <= side, with Euclid on the stack */
static void prog_gcd(assembler *a, int32_t side) {
	enum { L_A = 20, L_B, L_G, L_GEND, L_BNEXT, L_END };
	emit1(a, OP_PUSH, 1);
	emit1(a, OP_STORE, R_A);
	label(a, L_A);
	emit1(a, OP_PUSH, 1);
	emit1(a, OP_STORE, R_B);
	label(a, L_B);
	emit1(a, OP_LOAD, R_A);
	emit1(a, OP_LOAD, R_B);
	label(a, L_G);             /* [x y] */
	emit(a, OP_DUP);           /* [x y y] */
	jump(a, OP_JZ, L_GEND);    /* [x y] */
	emit(a, OP_SWAP);          /* [y x] */
	emit(a, OP_OVER);          /* [y x y] */
	emit(a, OP_MOD);           /* [y x%y] */
	jump(a, OP_JMP, L_G);
	label(a, L_GEND);
	emit(a, OP_DROP);          /* [g] */
	emit(a, OP_DUP);
	emit1(a, OP_LOAD, R_TOTAL);
	emit(a, OP_ADD);
	emit1(a, OP_STORE, R_TOTAL);
	emit1(a, OP_LOAD, R_X);    /* x = (x << 1 ^ g) ^ (x >> 40), a running mix */
	emit1(a, OP_PUSH, 1);
	emit(a, OP_SHL);
	emit(a, OP_XOR);
	emit1(a, OP_LOAD, R_X);
	emit1(a, OP_PUSH, 40);
	emit(a, OP_SHR);
	emit(a, OP_XOR);
	emit1(a, OP_STORE, R_X);
	emit1(a, OP_INC, R_B);
	emit1(a, OP_LOAD, R_B);
	emit1(a, OP_PUSH, side);
	emit(a, OP_LE);
	jump(a, OP_JNZ, L_B);
	emit1(a, OP_INC, R_A);
	emit1(a, OP_LOAD, R_A);
	emit1(a, OP_PUSH, side);
	emit(a, OP_LE);
	jump(a, OP_JNZ, L_A);
	emit1(a, OP_LOAD, R_TOTAL);
	emit(a, OP_OUT);
	emit1(a, OP_LOAD, R_X);
	emit(a, OP_OUT);
	emit(a, OP_HALT);
}

static assembler progs[3];

int main(void) {
	prog_primes(&progs[0], PRIME_LIMIT);
	prog_collatz(&progs[1], COLLATZ_LIMIT);
	prog_gcd(&progs[2], GCD_SIDE);
	for (int i = 0; i < 3; i++)
		link_program(&progs[i]);

	vm_result res[3] = {{0}};
	bench_start();
	for (int i = 0; i < 3; i++)
		run(progs[i].code, &res[i]);
	bench_end();

	printf("interp primes=%llu primesum=%016llx collatz=%llu gcdsum=%llu gcdmix=%016llx "
	       "steps=%llu/%llu/%llu\n",
	       (unsigned long long)res[0].regs[R_COUNT], (unsigned long long)res[0].out,
	       (unsigned long long)res[1].regs[R_STEPS], (unsigned long long)res[2].regs[R_TOTAL],
	       (unsigned long long)res[2].regs[R_X], (unsigned long long)res[0].steps,
	       (unsigned long long)res[1].steps, (unsigned long long)res[2].steps);
	return 0;
}
