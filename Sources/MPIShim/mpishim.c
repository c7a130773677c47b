/* mpishim: the MPI calls behind mpishim.h. See the header for each function's contract. */
#include "mpishim.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* The shim's world (a duplicate of MPI_COMM_WORLD) and the ranks sharing this node's memory.
 * A duplicate keeps the shim's messages apart from any other MPI user in the process. */
static MPI_Comm world = MPI_COMM_NULL;
static MPI_Comm node = MPI_COMM_NULL;

struct mpishim_request {
  MPI_Request request;
};

/* The largest count one MPI call takes: MPI counts are C ints. */
static const int64_t chunk_limit = INT_MAX / 2;

int mpishim_initialized(int *flag) { return MPI_Initialized(flag); }

int mpishim_init(int requested, int *provided) {
  static const int levels[] = {MPI_THREAD_SINGLE, MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED,
                               MPI_THREAD_MULTIPLE};
  if (requested < 0 || requested > 3) return MPI_ERR_ARG;
  int granted = MPI_THREAD_SINGLE;
  int status = MPI_Init_thread(NULL, NULL, levels[requested], &granted);
  if (status != MPI_SUCCESS) return status;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  *provided = 0;
  for (int level = 0; level < 4; level++)
    if (levels[level] == granted) *provided = level;
  status = MPI_Comm_dup(MPI_COMM_WORLD, &world);
  if (status != MPI_SUCCESS) return status;
  MPI_Comm_set_errhandler(world, MPI_ERRORS_RETURN);
  status = MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  if (status != MPI_SUCCESS) return status;
  return MPI_Comm_set_errhandler(node, MPI_ERRORS_RETURN);
}

int mpishim_finalize(void) {
  if (node != MPI_COMM_NULL) MPI_Comm_free(&node);
  if (world != MPI_COMM_NULL) MPI_Comm_free(&world);
  return MPI_Finalize();
}

int mpishim_rank(int *rank) { return MPI_Comm_rank(world, rank); }
int mpishim_size(int *size) { return MPI_Comm_size(world, size); }
int mpishim_local_rank(int *rank) { return MPI_Comm_rank(node, rank); }
int mpishim_local_size(int *size) { return MPI_Comm_size(node, size); }

int mpishim_processor_name(char *buffer, int capacity) {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  int status = MPI_Get_processor_name(name, &length);
  if (status != MPI_SUCCESS || capacity <= 0) return status;
  if (length >= capacity) length = capacity - 1;
  memcpy(buffer, name, (size_t)length);
  buffer[length] = '\0';
  return MPI_SUCCESS;
}

double mpishim_wtime(void) { return MPI_Wtime(); }

int mpishim_barrier(void) { return MPI_Barrier(world); }

int mpishim_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }

int mpishim_broadcast(void *buffer, int64_t bytes, int root) {
  char *bytes_at = buffer;
  for (int64_t offset = 0; offset < bytes; offset += chunk_limit) {
    int64_t count = bytes - offset < chunk_limit ? bytes - offset : chunk_limit;
    int status = MPI_Bcast(bytes_at + offset, (int)count, MPI_BYTE, root, world);
    if (status != MPI_SUCCESS) return status;
  }
  return MPI_SUCCESS;
}

int mpishim_allreduce_sum_float(float *buffer, int64_t count) {
  for (int64_t offset = 0; offset < count; offset += chunk_limit) {
    int64_t part = count - offset < chunk_limit ? count - offset : chunk_limit;
    int status =
        MPI_Allreduce(MPI_IN_PLACE, buffer + offset, (int)part, MPI_FLOAT, MPI_SUM, world);
    if (status != MPI_SUCCESS) return status;
  }
  return MPI_SUCCESS;
}

int mpishim_iallreduce_sum_float(float *buffer, int64_t count, mpishim_request_t *request) {
  if (count < 0 || count > INT_MAX) return MPI_ERR_COUNT;
  struct mpishim_request *handle = malloc(sizeof *handle);
  if (handle == NULL) return MPI_ERR_NO_MEM;
  int status = MPI_Iallreduce(MPI_IN_PLACE, buffer, (int)count, MPI_FLOAT, MPI_SUM, world,
                              &handle->request);
  if (status != MPI_SUCCESS) {
    free(handle);
    return status;
  }
  *request = handle;
  return MPI_SUCCESS;
}

int mpishim_test(mpishim_request_t request, int *done) {
  int status = MPI_Test(&request->request, done, MPI_STATUS_IGNORE);
  if (status == MPI_SUCCESS && *done) free(request);
  return status;
}

int mpishim_wait(mpishim_request_t request) {
  int status = MPI_Wait(&request->request, MPI_STATUS_IGNORE);
  free(request);
  return status;
}

int mpishim_allgather_bytes(const void *send, int bytes, void *receive) {
  return MPI_Allgather(send, bytes, MPI_BYTE, receive, bytes, MPI_BYTE, world);
}

int mpishim_allgatherv_bytes(const void *send, int bytes, void *receive, const int *counts,
                             const int *displacements) {
  return MPI_Allgatherv(send, bytes, MPI_BYTE, receive, counts, displacements, MPI_BYTE, world);
}

int mpishim_reduce_scatter_sum_float(const float *send, float *receive, const int *counts) {
  return MPI_Reduce_scatter(send, receive, counts, MPI_FLOAT, MPI_SUM, world);
}

void mpishim_error_string(int code, char *buffer, int capacity) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (capacity <= 0) return;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS)
    length = snprintf(text, sizeof text, "unknown MPI error %d", code);
  if (length >= capacity) length = capacity - 1;
  memcpy(buffer, text, (size_t)length);
  buffer[length] = '\0';
}
