/*
 * PNG decoding and encoding over libpng.
 *
 * libpng reports an error by calling the error function and expects it not to return; ours
 * records the message and longjmps back to the setjmp in the calling function, which frees
 * everything it allocated. Variables that change between setjmp and longjmp are volatile.
 */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "codec_internal.h"

/* State reachable from libpng's callbacks through png_get_error_ptr / png_get_io_ptr. */
typedef struct png_context {
  char message[IMAGECODEC_MESSAGE_CAPACITY];
  /* Reading: the input bytes and the position of the next byte. */
  const uint8_t *input;
  size_t input_size;
  size_t input_position;
  /* Writing: the growing output buffer. */
  uint8_t *output;
  size_t output_size;
  size_t output_capacity;
  int out_of_memory;
} png_context;

static void on_png_error(png_structp png, png_const_charp text) {
  png_context *context = png_get_error_ptr(png);
  snprintf(context->message, sizeof context->message, "%s", text);
  png_longjmp(png, 1);
}

/* Warnings (for example a bad checksum in an ancillary chunk) do not stop decoding. */
static void on_png_warning(png_structp png, png_const_charp text) {
  (void)png;
  (void)text;
}

static void read_from_memory(png_structp png, png_bytep destination, size_t length) {
  png_context *context = png_get_io_ptr(png);
  if (context->input_size - context->input_position < length) {
    png_error(png, "the file ends early (truncated PNG)");
  }
  memcpy(destination, context->input + context->input_position, length);
  context->input_position += length;
}

static void write_to_memory(png_structp png, png_bytep source, size_t length) {
  png_context *context = png_get_io_ptr(png);
  if (context->output_capacity - context->output_size < length) {
    size_t grown = context->output_capacity == 0 ? 65536 : context->output_capacity;
    while (grown - context->output_size < length) {
      grown *= 2;
    }
    uint8_t *bigger = realloc(context->output, grown);
    if (bigger == NULL) {
      context->out_of_memory = 1;
      png_error(png, "out of memory");
    }
    context->output = bigger;
    context->output_capacity = grown;
  }
  memcpy(context->output + context->output_size, source, length);
  context->output_size += length;
}

static void flush_nothing(png_structp png) { (void)png; }

/* Asks libpng to deliver 8-bit gray or RGB rows whatever the stored layout. */
static void request_gray_or_rgb(png_structp png, png_infop info) {
  png_byte color_type = png_get_color_type(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    png_set_palette_to_rgb(png);
  }
  if (color_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  png_set_strip_16(png);
  png_set_strip_alpha(png);
  /* A tRNS chunk only adds transparency, which is dropped: ignoring it keeps the colors. */
  png_set_interlace_handling(png);
}

imagecodec_status codec_decode_png(const uint8_t *data, size_t size, imagecodec_image *image,
                                   char *message, size_t capacity) {
  png_context context = {.input = data, .input_size = size};
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
  png_infop info = png == NULL ? NULL : png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    return codec_fail(message, capacity, IMAGECODEC_OUT_OF_MEMORY, "out of memory");
  }
  uint8_t *volatile pixels = NULL;
  png_bytep *volatile rows = NULL;
  if (setjmp(png_jmpbuf(png))) {
    free(pixels);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return codec_fail(message, capacity, IMAGECODEC_CORRUPT_DATA, "invalid PNG: %s",
                      context.message);
  }
  png_set_read_fn(png, &context, read_from_memory);
  png_read_info(png, info);
  request_gray_or_rgb(png, info);
  png_read_update_info(png, info);
  int width = (int)png_get_image_width(png, info);
  int height = (int)png_get_image_height(png, info);
  int channels = png_get_channels(png, info);
  int bit_depth = png_get_bit_depth(png, info);
  if ((channels != 1 && channels != 3) || bit_depth != 8) {
    png_destroy_read_struct(&png, &info, NULL);
    return codec_fail(message, capacity, IMAGECODEC_UNSUPPORTED,
                      "PNG layout of %d channels at %d bits is not supported", channels,
                      bit_depth);
  }
  size_t stride = (size_t)width * (size_t)channels;
  pixels = malloc(stride * (size_t)height);
  rows = malloc(sizeof(png_bytep) * (size_t)height);
  if (pixels == NULL || rows == NULL) {
    png_error(png, "out of memory");
  }
  for (int y = 0; y < height; y++) {
    rows[y] = pixels + stride * (size_t)y;
  }
  png_read_image(png, rows);
  png_read_end(png, NULL);
  free(rows);
  png_destroy_read_struct(&png, &info, NULL);
  *image = (imagecodec_image){.pixels = pixels, .width = width, .height = height,
                              .channels = channels};
  return IMAGECODEC_OK;
}

/* Encodes into context->output; the caller frees it whatever the outcome. */
static imagecodec_status encode_png_memory(png_context *context, const uint8_t *pixels,
                                           int width, int height, int channels) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, context, on_png_error, on_png_warning);
  png_infop info = png == NULL ? NULL : png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_write_struct(&png, NULL);
    snprintf(context->message, sizeof context->message, "out of memory");
    return IMAGECODEC_OUT_OF_MEMORY;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return context->out_of_memory ? IMAGECODEC_OUT_OF_MEMORY : IMAGECODEC_INVALID_ARGUMENT;
  }
  png_set_write_fn(png, context, write_to_memory, flush_nothing);
  int color_type = channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB;
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, color_type,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  size_t stride = (size_t)width * (size_t)channels;
  for (int y = 0; y < height; y++) {
    png_write_row(png, pixels + stride * (size_t)y);
  }
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  return IMAGECODEC_OK;
}

imagecodec_status imagecodec_encode_png_file(const char *path, const uint8_t *pixels, int width,
                                             int height, int channels, char *message,
                                             size_t capacity) {
  imagecodec_status status =
      codec_check_encode_arguments(path, pixels, width, height, channels, message, capacity);
  if (status != IMAGECODEC_OK) {
    return status;
  }
  png_context context = {0};
  status = encode_png_memory(&context, pixels, width, height, channels);
  if (status == IMAGECODEC_OK) {
    status = codec_write_file(path, context.output, context.output_size, message, capacity);
  } else {
    codec_fail(message, capacity, status, "PNG encoding failed: %s", context.message);
  }
  free(context.output);
  return status;
}
