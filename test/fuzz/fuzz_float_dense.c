/*
 * fuzz_float_dense.c: the dense float8 rounding loop against the one-value
 * path.  An array of doubles next to ties and grid points ((k + 1/2) * 10^-p
 * and k * 10^-p, nudged up to 8 ulps), raw bits and special values is
 * rounded by pm_float_round_dense, in place or not, at any length (block
 * tails included): every element it settles must carry exactly the bits
 * pm_float_round gives (whose own results fuzz_float checks against a
 * bignum reference), every element it leaves must be NaN, and the count it
 * returns must be the number of NaNs.  With a factor (a scalar, or an
 * array of nudged values, raw bits and special values), the input goes
 * through pm_float_mul_round_dense, which must round each product x[i] *
 * b[i] in the same way, and leave (NaN) every product that is not finite
 * or is zero of two nonzero factors.
 */
#include <math.h>

#include "fuzz.h"
#include "pm_float.h"

#define FD_MAX 700

static double
fd_value(fz_in *in, int p)
{
	static const double p10[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8};
	static const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 5e-324,
	1e-300, 1e300, 1099511627776.0, 4503599627370496.5, 0.005, 2.675, 1e15, 1e22};
	uint8_t		sel = fz_u8(in);
	double		v;
	uint64_t	bits;

	switch (sel & 7)
	{
		case 6:
			bits = fz_u64(in);
			memcpy(&v, &bits, sizeof(v));
			return v;
		case 7:
			return specials[fz_u8(in) % 14];
		default:
			/* k + 1/2 or k, at p places (or at the increment's scale) */
			v = (double) (fz_u64(in) >> (20 + fz_u8(in) % 44));
			if (sel & 8)
				v += 0.5;
			v /= p10[(p >= 0 && p <= 8 && (sel & 16)) ? p : fz_u8(in) % 9];
			for (int n = (sel >> 5) & 7; n > 0; n--)
				v = nextafter(v, (sel & 0x80) ? 0.0 : INFINITY);
			return (fz_u8(in) & 1) ? -v : v;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static double x[FD_MAX],
				b[FD_MAX],
				out[FD_MAX];
	fz_in		in = {data, size};
	uint8_t		sel = fz_u8(&in);
	pm_dec		inc = {1, 0};
	pm_round_mode mode = (pm_round_mode) (fz_u8(&in) % PM_ROUND_MODE_COUNT);
	size_t		n = (size_t) (fz_u16(&in) % FD_MAX) + 1,
				hard,
				nans = 0;
	bool		inplace = sel & 0x80,
				mul = sel & 0x40,
				bvec = mul && (sel & 0x20);
	double		bs = 1.0;
	pm_float_rounder fr;

	switch (sel & 7)
	{
		case 0:
		case 1:
		case 2:
			inc.scale = fz_u8(&in) % 7;
			break;
		case 3:
			inc.coef = 5;
			inc.scale = fz_u8(&in) % 4;
			break;
		case 4:
			inc.coef = 25;
			inc.scale = 2;
			break;
		case 5:
			inc.coef = 1 + fz_u16(&in);
			inc.scale = fz_range(&in, 0, 24);
			break;
		default:
			inc.coef = (pm_i128) (fz_u64(&in) >> fz_range(&in, 0, 63)) + 1;
			inc.scale = fz_range(&in, 0, 24);
			break;
	}
	for (size_t i = 0; i < n; i++)
		x[i] = fd_value(&in, inc.coef == 1 ? inc.scale : -1);
	if (mul && !bvec)
	{
		/* a rate near 1, or any value the arrays hold */
		static const double rates[] = {1.0725, 1.0831, 0.9, 1.35, 1.0, 0.5, 1e-300, 1e300};
		uint8_t		r = fz_u8(&in);

		bs = (r & 1) ? rates[(r >> 1) % 8] : fd_value(&in, -1);
	}
	if (bvec)
		for (size_t i = 0; i < n; i++)
			b[i] = (fz_u8(&in) & 1) ? 1.0 + (double) fz_u16(&in) / 10000.0 : fd_value(&in, -1);

	FZ_CHECK(pm_float_rounder_init(&fr, &inc, mode) == PM_OK, "rounder_init(%s) failed",
			 fz_dec_str(&inc));
	if (inplace)
	{
		memcpy(out, x, n * sizeof(double));
		hard = mul ? pm_float_mul_round_dense(&fr, out, bvec ? b : NULL, bs, out, n)
			: pm_float_round_dense(&fr, out, out, n);
	}
	else
		hard = mul ? pm_float_mul_round_dense(&fr, x, bvec ? b : NULL, bs, out, n)
			: pm_float_round_dense(&fr, x, out, n);

	for (size_t i = 0; i < n; i++)
	{
		double		want = 0,
					bi = bvec ? b[i] : bs,
					v = mul ? x[i] * bi : x[i];
		pm_status	st;

		if (isnan(out[i]))
		{
			nans++;
			continue;
		}
		FZ_CHECK(isfinite(v), "dense round settles non-finite x[%zu] = %g as %g", i, v, out[i]);
		FZ_CHECK(!mul || v != 0 || x[i] == 0 || bi == 0,
				 "dense round settles the underflow %a * %a as %g", x[i], bi, out[i]);
		st = pm_float_round(v, &inc, mode, &want);
		FZ_CHECK(st == PM_OK && memcmp(&want, &out[i], sizeof(double)) == 0,
				 "dense round(%.17g (%a), %s, %s) = %.17g (%a), pm_float_round gives %s %.17g (%a)",
				 v, v, fz_dec_str(&inc), pm_round_mode_name(mode), out[i], out[i],
				 fz_status_name(st), want, want);
	}
	FZ_CHECK(hard == nans, "dense round reports %zu left over, %zu NaNs in its output", hard, nans);
	return 0;
}
