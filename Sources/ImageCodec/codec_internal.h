/*
 * Declarations shared by the files of the imagecodec module and not part of its interface.
 */
#ifndef IMAGECODEC_INTERNAL_H
#define IMAGECODEC_INTERNAL_H

#include "imagecodec.h"

/* Formats a message into `message` (of `capacity` bytes, possibly 0) and returns `status`, so
 * a failure reads as one statement: `return codec_fail(message, capacity, status, ...)`. */
imagecodec_status codec_fail(char *message, size_t capacity, imagecodec_status status,
                             const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Checks the arguments common to both encoders; returns IMAGECODEC_OK when they are usable. */
imagecodec_status codec_check_encode_arguments(const char *path, const uint8_t *pixels,
                                               int width, int height, int channels,
                                               char *message, size_t capacity);

/* Writes `size` bytes to a new file at `path`, removing it again if the write fails. */
imagecodec_status codec_write_file(const char *path, const uint8_t *data, size_t size,
                                   char *message, size_t capacity);

/* The format-specific decoders behind imagecodec_decode_memory. */
imagecodec_status codec_decode_png(const uint8_t *data, size_t size, imagecodec_image *image,
                                   char *message, size_t capacity);
imagecodec_status codec_decode_jpeg(const uint8_t *data, size_t size, imagecodec_image *image,
                                    char *message, size_t capacity);

#endif /* IMAGECODEC_INTERNAL_H */
