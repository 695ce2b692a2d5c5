/* fpmath.c - floating-point math: an n-body simulation (doubles, sqrt) and
 * a loop over libm's sin/cos/exp/log.  Results are printed as integers so
 * the output does not depend on how printf formats doubles.  Written for
 * the wasmkernel benchmark suite. */
#include "bench.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NBODIES 40          /* bodies in the simulation */
#define STEPS 150000        /* simulation steps */
#define LIBM_ITERS 8000000  /* iterations of the libm loop */

typedef struct {
	double x, y, z, vx, vy, vz, m;
} body;

static body bodies[NBODIES];

static uint64_t rng_state = 0xf10a7f10a7f10a7fULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }

static void init_bodies(void) {
	/* one heavy central body and lighter ones on rough orbits */
	memset(bodies, 0, sizeof bodies);
	bodies[0].m = 1000.0;
	for (int i = 1; i < NBODIES; i++) {
		double r = 5.0 + 40.0 * rng_unit();
		double a = 6.283185307179586 * rng_unit();
		/* positions on a ring, computed without libm to keep inputs exact */
		double c = 1.0 - a * a / 2 + a * a * a * a / 24, s = a - a * a * a / 6;
		double norm = sqrt(c * c + s * s);
		c /= norm;
		s /= norm;
		bodies[i].x = r * c;
		bodies[i].y = r * s;
		bodies[i].z = (rng_unit() - 0.5) * 2.0;
		double v = sqrt(1000.0 / r);
		bodies[i].vx = -v * s;
		bodies[i].vy = v * c;
		bodies[i].vz = (rng_unit() - 0.5) * 0.1;
		bodies[i].m = 0.01 + rng_unit();
	}
}

static void advance(double dt) {
	for (int i = 0; i < NBODIES; i++) {
		body *a = &bodies[i];
		for (int j = i + 1; j < NBODIES; j++) {
			body *b = &bodies[j];
			double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
			double d2 = dx * dx + dy * dy + dz * dz + 0.01; /* softening */
			double d = sqrt(d2);
			double mag = dt / (d2 * d);
			a->vx -= dx * b->m * mag;
			a->vy -= dy * b->m * mag;
			a->vz -= dz * b->m * mag;
			b->vx += dx * a->m * mag;
			b->vy += dy * a->m * mag;
			b->vz += dz * a->m * mag;
		}
	}
	for (int i = 0; i < NBODIES; i++) {
		bodies[i].x += dt * bodies[i].vx;
		bodies[i].y += dt * bodies[i].vy;
		bodies[i].z += dt * bodies[i].vz;
	}
}

static double energy(void) {
	double e = 0.0;
	for (int i = 0; i < NBODIES; i++) {
		body *a = &bodies[i];
		e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
		for (int j = i + 1; j < NBODIES; j++) {
			body *b = &bodies[j];
			double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
			e -= a->m * b->m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
		}
	}
	return e;
}

static uint64_t state_hash(void) {
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < NBODIES; i++) {
		uint64_t bits;
		memcpy(&bits, &bodies[i].x, 8);
		h = (h ^ bits) * 0x100000001b3ULL;
		memcpy(&bits, &bodies[i].vy, 8);
		h = (h ^ bits) * 0x100000001b3ULL;
	}
	return h;
}

int main(void) {
	init_bodies();
	double e0 = energy();
	double acc_sin = 0, acc_cos = 0, acc_exp = 0, acc_log = 0;

	bench_start();
	for (int s = 0; s < STEPS; s++)
		advance(0.0005);
	for (int i = 0; i < LIBM_ITERS; i++) {
		double x = (double)i * 0.000731 - 1000.0;
		acc_sin += sin(x);
		acc_cos += cos(x * 0.5);
		acc_exp += exp(x * 0.0007);
		acc_log += log(1.0 + (double)i * 0.25);
	}
	bench_end();

	double e1 = energy();
	/* The n-body part uses only + - * / and sqrt, which are exactly
	 * rounded everywhere, so its bits are compared exactly.  The libm
	 * results are rounded to a few decimals, since libm implementations
	 * may differ in the last bit. */
	printf("fpmath bodies=%d steps=%d state=%016llx e0=%lld e1=%lld sin=%lld cos=%lld "
	       "exp=%lld log=%lld\n",
	       NBODIES, STEPS, (unsigned long long)state_hash(), (long long)llround(e0 * 1e3),
	       (long long)llround(e1 * 1e3), (long long)llround(acc_sin * 1e3),
	       (long long)llround(acc_cos * 1e3), (long long)llround(acc_exp * 1e3),
	       (long long)llround(acc_log * 1e3));
	return 0;
}
