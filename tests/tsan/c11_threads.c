/* C11 threads over pthreads, for ThreadSanitizer builds only.
 *
 * Debian's librdkafka uses C11 threads (thrd_create, mtx_lock, cnd_wait, call_once). glibc
 * implements them by calling its pthread functions internally, past the symbols ThreadSanitizer
 * intercepts, and GCC 12's libtsan has no C11 interceptors: its threads start without TSan's
 * thread state (the first malloc there crashes) and its locks are invisible (every access under
 * them would be reported). This library defines the same C11 functions on the public pthread
 * functions TSan does intercept. It is linked before libc into every target of a
 * RIFFLE_SANITIZE=thread build, so the dynamic linker binds librdkafka's calls here.
 *
 * glibc's C11 types are its pthread types under other names (thrd_t is pthread_t; mtx_t, cnd_t
 * and once_flag have the pthread objects' size and layout), which the static asserts check. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t is a pthread mutex");
_Static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t), "cnd_t is a pthread condition");
_Static_assert(sizeof(once_flag) == sizeof(pthread_once_t), "once_flag is a pthread once");
_Static_assert(sizeof(thrd_t) == sizeof(pthread_t), "thrd_t is a pthread_t");

static int from_errno(int err) {
  switch (err) {
    case 0: return thrd_success;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    case ENOMEM: return thrd_nomem;
    default: return thrd_error;
  }
}

struct start { thrd_start_t func; void* arg; };

static void* run_start(void* p) {
  struct start s = *(struct start*)p;
  free(p);
  return (void*)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
  struct start* s = malloc(sizeof *s);
  if (s == NULL) return thrd_nomem;
  s->func = func;
  s->arg = arg;
  int err = pthread_create((pthread_t*)thr, NULL, run_start, s);
  if (err != 0) free(s);
  return from_errno(err);
}

int thrd_join(thrd_t thr, int* res) {
  void* ret = NULL;
  int err = pthread_join((pthread_t)thr, &ret);
  if (err == 0 && res != NULL) *res = (int)(intptr_t)ret;
  return from_errno(err);
}

int thrd_detach(thrd_t thr) { return from_errno(pthread_detach((pthread_t)thr)); }

int mtx_init(mtx_t* m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int err = pthread_mutex_init((pthread_mutex_t*)m, &attr);
  pthread_mutexattr_destroy(&attr);
  return from_errno(err);
}

int mtx_lock(mtx_t* m) { return from_errno(pthread_mutex_lock((pthread_mutex_t*)m)); }
int mtx_trylock(mtx_t* m) { return from_errno(pthread_mutex_trylock((pthread_mutex_t*)m)); }
int mtx_timedlock(mtx_t* restrict m, const struct timespec* restrict until) {
  return from_errno(pthread_mutex_timedlock((pthread_mutex_t*)m, until));
}
int mtx_unlock(mtx_t* m) { return from_errno(pthread_mutex_unlock((pthread_mutex_t*)m)); }
void mtx_destroy(mtx_t* m) { pthread_mutex_destroy((pthread_mutex_t*)m); }

int cnd_init(cnd_t* c) { return from_errno(pthread_cond_init((pthread_cond_t*)c, NULL)); }
int cnd_signal(cnd_t* c) { return from_errno(pthread_cond_signal((pthread_cond_t*)c)); }
int cnd_broadcast(cnd_t* c) { return from_errno(pthread_cond_broadcast((pthread_cond_t*)c)); }
int cnd_wait(cnd_t* c, mtx_t* m) {
  return from_errno(pthread_cond_wait((pthread_cond_t*)c, (pthread_mutex_t*)m));
}
/* C11 measures `until` on TIME_UTC, the realtime clock a default pthread condition waits on. */
int cnd_timedwait(cnd_t* restrict c, mtx_t* restrict m, const struct timespec* restrict until) {
  return from_errno(pthread_cond_timedwait((pthread_cond_t*)c, (pthread_mutex_t*)m, until));
}
void cnd_destroy(cnd_t* c) { pthread_cond_destroy((pthread_cond_t*)c); }

void call_once(once_flag* flag, void (*func)(void)) { pthread_once((pthread_once_t*)flag, func); }
