/*
 * mpishim: a small C interface over MPI for Swift.
 *
 * MPI's handles, datatypes and constants are C macros and opaque typedefs that Swift cannot
 * import, so this shim exposes plain ints, pointers and one opaque request type instead. It
 * works on a private duplicate of MPI_COMM_WORLD whose error handler is MPI_ERRORS_RETURN:
 * every function returns an MPI status code (MPISHIM_SUCCESS on success) and never aborts
 * the process on an MPI error. Turn a code into text with mpishim_error_string.
 *
 * Collective calls follow MPI's contract: every rank calls them in the same order with the
 * same counts. Counts are element counts (floats) or byte counts as named.
 */
#ifndef MPISHIM_H
#define MPISHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The status code of success; every other value is an MPI error class or code. */
#define MPISHIM_SUCCESS 0

/* Thread support levels, in MPI's order (MPI_THREAD_SINGLE ... MPI_THREAD_MULTIPLE). */
enum mpishim_thread_level {
  MPISHIM_THREAD_SINGLE = 0,
  MPISHIM_THREAD_FUNNELED = 1,
  MPISHIM_THREAD_SERIALIZED = 2,
  MPISHIM_THREAD_MULTIPLE = 3
};

/* A non-blocking operation in flight; released by mpishim_wait or a completing mpishim_test. */
typedef struct mpishim_request *mpishim_request_t;

/* Sets *flag to 1 once mpishim_init (or MPI_Init) has run, else 0. */
int mpishim_initialized(int *flag);

/* Initializes MPI asking for `requested` thread support; *provided receives the level granted.
 * Creates the shim's communicator (a duplicate of MPI_COMM_WORLD, errors returned). */
int mpishim_init(int requested, int *provided);

/* Releases the shim's communicators and finalizes MPI. */
int mpishim_finalize(void);

/* This process's rank and the number of ranks in the world. */
int mpishim_rank(int *rank);
int mpishim_size(int *size);

/* Rank among, and number of, the ranks that share this node's memory. */
int mpishim_local_rank(int *rank);
int mpishim_local_size(int *size);

/* Writes this node's name (NUL-terminated, truncated to capacity) into buffer. */
int mpishim_processor_name(char *buffer, int capacity);

/* Seconds since an arbitrary time in the past, from MPI_Wtime. */
double mpishim_wtime(void);

int mpishim_barrier(void);

/* Ends every rank of the job with `code`. The only shim call that does not return. */
int mpishim_abort(int code);

/* Broadcasts `bytes` bytes of `buffer` from `root` to every rank, in place. */
int mpishim_broadcast(void *buffer, int64_t bytes, int root);

/* Sums `count` floats across ranks, in place. Counts beyond INT_MAX go in several calls. */
int mpishim_allreduce_sum_float(float *buffer, int64_t count);

/* Starts an in-place float sum across ranks; `buffer` must stay untouched until the request
 * completes. `count` must fit in an int. */
int mpishim_iallreduce_sum_float(float *buffer, int64_t count, mpishim_request_t *request);

/* Drives progress on `request`; sets *done to 1 and frees the request once it completed. */
int mpishim_test(mpishim_request_t request, int *done);

/* Blocks until `request` completes, then frees it. */
int mpishim_wait(mpishim_request_t request);

/* Every rank contributes `bytes` bytes; `receive` gets size * bytes, in rank order. */
int mpishim_allgather_bytes(const void *send, int bytes, void *receive);

/* Every rank contributes `bytes` bytes (possibly different per rank); `receive` gets the
 * contribution of rank r at displacements[r], counts[r] long. */
int mpishim_allgatherv_bytes(const void *send, int bytes, void *receive, const int *counts,
                             const int *displacements);

/* Sums `send` (sum of counts floats) across ranks and leaves block r, counts[r] floats, on
 * rank r in `receive`. */
int mpishim_reduce_scatter_sum_float(const float *send, float *receive, const int *counts);

/* Writes MPI's description of `code` into buffer (NUL-terminated, truncated to capacity). */
void mpishim_error_string(int code, char *buffer, int capacity);

#ifdef __cplusplus
}
#endif

#endif
