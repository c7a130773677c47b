/*
 * imagecodec: PNG and JPEG decoding and encoding for Swift, over libpng and libjpeg.
 *
 * Both libraries report errors by calling a handler that must not return: libpng longjmps
 * to the caller's setjmp point, libjpeg's default handler calls exit(). This module installs
 * its own handlers on every call, so a failure of any kind (missing file, truncated or corrupt
 * data, a file that is not an image, an unsupported layout) comes back as a status code and a
 * NUL-terminated message, and the process never aborts.
 *
 * Decoded images are 8-bit, row-major, interleaved, with no row padding: pixel (x, y) channel
 * k is at pixels[(y * width + x) * channels + k]. Every layout the libraries can decode is
 * converted to 1 channel (gray) or 3 channels (RGB): palettes expand to RGB, 1/2/4-bit gray
 * expands to 8 bits, 16-bit samples are reduced to 8 bits, alpha channels are dropped.
 *
 * Every function is thread-safe: it keeps no state between calls.
 */
#ifndef IMAGECODEC_H
#define IMAGECODEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The outcome of a call; every value but IMAGECODEC_OK comes with a message. */
typedef enum imagecodec_status {
  IMAGECODEC_OK = 0,
  /* The file could not be opened, read or written. */
  IMAGECODEC_IO_ERROR = 1,
  /* The data is neither a PNG nor a JPEG (its signature does not match either). */
  IMAGECODEC_NOT_AN_IMAGE = 2,
  /* The data starts like an image but is truncated or damaged. */
  IMAGECODEC_CORRUPT_DATA = 3,
  /* A valid image whose layout this module does not convert (for example CMYK JPEG). */
  IMAGECODEC_UNSUPPORTED = 4,
  /* A caller mistake: a null pointer, a zero size, a channel count other than 1 or 3. */
  IMAGECODEC_INVALID_ARGUMENT = 5,
  /* An allocation failed. */
  IMAGECODEC_OUT_OF_MEMORY = 6
} imagecodec_status;

/* The file formats this module recognizes by signature. */
typedef enum imagecodec_format {
  IMAGECODEC_FORMAT_UNKNOWN = 0,
  IMAGECODEC_FORMAT_PNG = 1,
  IMAGECODEC_FORMAT_JPEG = 2
} imagecodec_format;

/* A decoded image. `pixels` holds width * height * channels bytes owned by the image;
 * release them with imagecodec_image_free. */
typedef struct imagecodec_image {
  uint8_t *pixels;
  int width;
  int height;
  /* 1 for gray, 3 for RGB. */
  int channels;
} imagecodec_image;

/* The capacity that always holds a full message, terminator included. */
#define IMAGECODEC_MESSAGE_CAPACITY 256

/* Returns the format whose signature starts `data`, or IMAGECODEC_FORMAT_UNKNOWN. */
imagecodec_format imagecodec_sniff_format(const uint8_t *data, size_t size);

/* Decodes a PNG or JPEG held in memory into *image. On failure *image is left empty (null
 * pixels) and `message` (of `capacity` bytes, which may be 0) receives the reason. */
imagecodec_status imagecodec_decode_memory(const uint8_t *data, size_t size,
                                           imagecodec_image *image, char *message,
                                           size_t capacity);

/* Reads the file at `path` and decodes it as imagecodec_decode_memory does. */
imagecodec_status imagecodec_decode_file(const char *path, imagecodec_image *image,
                                         char *message, size_t capacity);

/* Releases the pixels of an image and empties it; harmless on an empty image. */
void imagecodec_image_free(imagecodec_image *image);

/* Writes `pixels` (width * height * channels bytes, layout as above, channels 1 or 3) as an
 * 8-bit PNG at `path`, replacing any file there. A file left half-written by a failure is
 * removed. */
imagecodec_status imagecodec_encode_png_file(const char *path, const uint8_t *pixels, int width,
                                             int height, int channels, char *message,
                                             size_t capacity);

/* Writes `pixels` as a baseline JPEG of the given quality (1 to 100) at `path`, replacing any
 * file there; gray input makes a one-component JPEG. */
imagecodec_status imagecodec_encode_jpeg_file(const char *path, const uint8_t *pixels, int width,
                                              int height, int channels, int quality,
                                              char *message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* IMAGECODEC_H */
