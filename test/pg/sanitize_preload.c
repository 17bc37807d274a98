/*
 * sanitize_preload.c: preloaded after the ASan runtime by test/pg/sanitize, so
 * that a preloaded runtime does not hang PostgreSQL's programs.
 *
 * Preloaded, the runtime initialises late, inside the first malloc: here the
 * one newlocale() makes in libp11-kit's constructor (PostgreSQL links it
 * through libldap and gnutls), with glibc's locale lock held for writing.
 * The runtime looks up swift_demangle with dlsym and then calls dlerror(),
 * whose message translation (dcgettext) takes and releases that same lock;
 * newlocale's own unlock then drives the lock's reader count below zero, and
 * the next setlocale() or freelocale() (at the latest p11-kit's destructor at
 * exit) waits forever.  gcc 12's libasan and clang 14's runtime both do this.
 * With the symbol defined, dlsym finds it and dlerror has nothing to say.
 * Returning NULL means "not a Swift name": reports demangle as before.
 */
#include <stddef.h>
#include <stdint.h>

char	   *swift_demangle(const char *name, size_t length, char *out, size_t *out_length, uint32_t flags);

char *
swift_demangle(const char *name, size_t length, char *out, size_t *out_length, uint32_t flags)
{
	return NULL;
}
