/* A minimal test harness: CHECK keeps going and counts failures (per file: a test made of several
 * files adds the others' counts, see harness.h); main returns check_result(). */
#ifndef SM_CHECK_H
#define SM_CHECK_H
#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      check_failures++;                                                   \
    }                                                                     \
  } while (0)

static inline int check_result(const char *name) {
  if (check_failures) fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
  else printf("%s: all checks passed\n", name);
  return check_failures ? 1 : 0;
}

#endif
