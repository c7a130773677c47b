/*
 * Format detection, file reading and the error-reporting helpers of the imagecodec module.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec_internal.h"

imagecodec_status codec_fail(char *message, size_t capacity, imagecodec_status status,
                             const char *format, ...) {
  if (message != NULL && capacity > 0) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, capacity, format, arguments);
    va_end(arguments);
  }
  return status;
}

imagecodec_format imagecodec_sniff_format(const uint8_t *data, size_t size) {
  static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (data == NULL) {
    return IMAGECODEC_FORMAT_UNKNOWN;
  }
  if (size >= sizeof png_signature && memcmp(data, png_signature, sizeof png_signature) == 0) {
    return IMAGECODEC_FORMAT_PNG;
  }
  /* Every JPEG starts with a start-of-image marker followed by another marker. */
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) {
    return IMAGECODEC_FORMAT_JPEG;
  }
  return IMAGECODEC_FORMAT_UNKNOWN;
}

imagecodec_status imagecodec_decode_memory(const uint8_t *data, size_t size,
                                           imagecodec_image *image, char *message,
                                           size_t capacity) {
  if (image == NULL) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT, "no image to decode into");
  }
  memset(image, 0, sizeof *image);
  if (data == NULL || size == 0) {
    return codec_fail(message, capacity, IMAGECODEC_NOT_AN_IMAGE, "the data is empty");
  }
  switch (imagecodec_sniff_format(data, size)) {
  case IMAGECODEC_FORMAT_PNG:
    return codec_decode_png(data, size, image, message, capacity);
  case IMAGECODEC_FORMAT_JPEG:
    return codec_decode_jpeg(data, size, image, message, capacity);
  default:
    return codec_fail(message, capacity, IMAGECODEC_NOT_AN_IMAGE,
                      "not a PNG or JPEG (unrecognized signature)");
  }
}

/* Reads a whole file into a new buffer that the caller frees. */
static imagecodec_status read_whole_file(const char *path, uint8_t **data, size_t *size,
                                         char *message, size_t capacity) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    return codec_fail(message, capacity, IMAGECODEC_IO_ERROR, "cannot open: %s",
                      strerror(errno));
  }
  uint8_t *buffer = NULL;
  size_t length = 0;
  size_t allocated = 0;
  for (;;) {
    if (length == allocated) {
      size_t grown = allocated == 0 ? 65536 : allocated * 2;
      uint8_t *bigger = realloc(buffer, grown);
      if (bigger == NULL) {
        free(buffer);
        fclose(file);
        return codec_fail(message, capacity, IMAGECODEC_OUT_OF_MEMORY, "out of memory");
      }
      buffer = bigger;
      allocated = grown;
    }
    size_t count = fread(buffer + length, 1, allocated - length, file);
    length += count;
    if (count == 0) {
      break;
    }
  }
  int failed = ferror(file);
  int reason = errno;
  fclose(file);
  if (failed) {
    free(buffer);
    return codec_fail(message, capacity, IMAGECODEC_IO_ERROR, "cannot read: %s", strerror(reason));
  }
  *data = buffer;
  *size = length;
  return IMAGECODEC_OK;
}

imagecodec_status imagecodec_decode_file(const char *path, imagecodec_image *image,
                                         char *message, size_t capacity) {
  if (image == NULL || path == NULL) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT, "no path or no image");
  }
  memset(image, 0, sizeof *image);
  uint8_t *data = NULL;
  size_t size = 0;
  imagecodec_status status = read_whole_file(path, &data, &size, message, capacity);
  if (status != IMAGECODEC_OK) {
    return status;
  }
  status = imagecodec_decode_memory(data, size, image, message, capacity);
  free(data);
  return status;
}

void imagecodec_image_free(imagecodec_image *image) {
  if (image == NULL) {
    return;
  }
  free(image->pixels);
  memset(image, 0, sizeof *image);
}

imagecodec_status codec_check_encode_arguments(const char *path, const uint8_t *pixels,
                                               int width, int height, int channels,
                                               char *message, size_t capacity) {
  if (path == NULL || pixels == NULL) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT, "no path or no pixels");
  }
  if (width <= 0 || height <= 0 || width > 65535 || height > 65535) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT,
                      "size %dx%d is outside 1 to 65535", width, height);
  }
  if (channels != 1 && channels != 3) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT,
                      "%d channels: expected 1 (gray) or 3 (RGB)", channels);
  }
  return IMAGECODEC_OK;
}

imagecodec_status codec_write_file(const char *path, const uint8_t *data, size_t size,
                                   char *message, size_t capacity) {
  FILE *file = fopen(path, "wb");
  if (file == NULL) {
    return codec_fail(message, capacity, IMAGECODEC_IO_ERROR, "cannot create: %s",
                      strerror(errno));
  }
  size_t written = fwrite(data, 1, size, file);
  int closed = fclose(file);
  if (written != size || closed != 0) {
    remove(path);
    return codec_fail(message, capacity, IMAGECODEC_IO_ERROR, "write failed: %s",
                      strerror(errno));
  }
  return IMAGECODEC_OK;
}
