/*
 * JPEG decoding and encoding over libjpeg.
 *
 * libjpeg's default error handler prints and calls exit(); ours formats the message and
 * longjmps back to the calling function. Warnings matter too: libjpeg decodes a truncated
 * file by padding it with gray and only warns, so any warning during decoding is treated as
 * corrupt data.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "codec_internal.h"

/* libjpeg's error manager extended with our jump target and message. */
typedef struct jpeg_context {
  struct jpeg_error_mgr manager;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  int warned;
} jpeg_context;

static void on_jpeg_error(j_common_ptr common) {
  jpeg_context *context = (jpeg_context *)common->err;
  common->err->format_message(common, context->message);
  longjmp(context->jump, 1);
}

/* Records the first warning (level -1) instead of printing it; trace messages are ignored. */
static void on_jpeg_message(j_common_ptr common, int level) {
  jpeg_context *context = (jpeg_context *)common->err;
  if (level < 0 && !context->warned) {
    context->warned = 1;
    common->err->format_message(common, context->message);
  }
}

static void install_error_handlers(jpeg_context *context) {
  jpeg_std_error(&context->manager);
  context->manager.error_exit = on_jpeg_error;
  context->manager.emit_message = on_jpeg_message;
  context->message[0] = '\0';
  context->warned = 0;
}

/* Chooses the output color space: gray stays gray, everything convertible becomes RGB. */
static int choose_output(struct jpeg_decompress_struct *decoder) {
  switch (decoder->jpeg_color_space) {
  case JCS_GRAYSCALE:
    decoder->out_color_space = JCS_GRAYSCALE;
    return 1;
  case JCS_RGB:
  case JCS_YCbCr:
    decoder->out_color_space = JCS_RGB;
    return 3;
  default:
    return 0;
  }
}

imagecodec_status codec_decode_jpeg(const uint8_t *data, size_t size, imagecodec_image *image,
                                    char *message, size_t capacity) {
  struct jpeg_decompress_struct decoder;
  jpeg_context context;
  uint8_t *volatile pixels = NULL;
  decoder.err = &context.manager;
  install_error_handlers(&context);
  if (setjmp(context.jump)) {
    free(pixels);
    jpeg_destroy_decompress(&decoder);
    return codec_fail(message, capacity, IMAGECODEC_CORRUPT_DATA, "invalid JPEG: %s",
                      context.message);
  }
  jpeg_create_decompress(&decoder);
  jpeg_mem_src(&decoder, data, (unsigned long)size);
  jpeg_read_header(&decoder, TRUE);
  int channels = choose_output(&decoder);
  if (channels == 0) {
    jpeg_destroy_decompress(&decoder);
    return codec_fail(message, capacity, IMAGECODEC_UNSUPPORTED,
                      "JPEG color space %d (CMYK or YCCK) is not supported",
                      (int)decoder.jpeg_color_space);
  }
  jpeg_start_decompress(&decoder);
  size_t stride = (size_t)decoder.output_width * (size_t)channels;
  pixels = malloc(stride * decoder.output_height);
  if (pixels == NULL) {
    jpeg_destroy_decompress(&decoder);
    return codec_fail(message, capacity, IMAGECODEC_OUT_OF_MEMORY, "out of memory");
  }
  while (decoder.output_scanline < decoder.output_height) {
    JSAMPROW row = pixels + stride * decoder.output_scanline;
    jpeg_read_scanlines(&decoder, &row, 1);
  }
  jpeg_finish_decompress(&decoder);
  int width = (int)decoder.output_width;
  int height = (int)decoder.output_height;
  jpeg_destroy_decompress(&decoder);
  if (context.warned) {
    free(pixels);
    return codec_fail(message, capacity, IMAGECODEC_CORRUPT_DATA, "damaged JPEG: %s",
                      context.message);
  }
  *image = (imagecodec_image){.pixels = pixels, .width = width, .height = height,
                              .channels = channels};
  return IMAGECODEC_OK;
}

imagecodec_status imagecodec_encode_jpeg_file(const char *path, const uint8_t *pixels, int width,
                                              int height, int channels, int quality,
                                              char *message, size_t capacity) {
  imagecodec_status status =
      codec_check_encode_arguments(path, pixels, width, height, channels, message, capacity);
  if (status != IMAGECODEC_OK) {
    return status;
  }
  if (quality < 1 || quality > 100) {
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT,
                      "quality %d is outside 1 to 100", quality);
  }
  struct jpeg_compress_struct encoder;
  jpeg_context context;
  unsigned char *volatile output = NULL;
  unsigned long output_size = 0;
  encoder.err = &context.manager;
  install_error_handlers(&context);
  if (setjmp(context.jump)) {
    jpeg_destroy_compress(&encoder);
    free(output);
    return codec_fail(message, capacity, IMAGECODEC_INVALID_ARGUMENT,
                      "JPEG encoding failed: %s", context.message);
  }
  jpeg_create_compress(&encoder);
  jpeg_mem_dest(&encoder, (unsigned char **)&output, &output_size);
  encoder.image_width = (JDIMENSION)width;
  encoder.image_height = (JDIMENSION)height;
  encoder.input_components = channels;
  encoder.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&encoder);
  jpeg_set_quality(&encoder, quality, TRUE);
  jpeg_start_compress(&encoder, TRUE);
  size_t stride = (size_t)width * (size_t)channels;
  while (encoder.next_scanline < encoder.image_height) {
    JSAMPROW row = (JSAMPROW)(pixels + stride * encoder.next_scanline);
    jpeg_write_scanlines(&encoder, &row, 1);
  }
  jpeg_finish_compress(&encoder);
  jpeg_destroy_compress(&encoder);
  status = codec_write_file(path, output, output_size, message, capacity);
  free(output);
  return status;
}
