import ImageCodec

/// Reading and writing PNG and JPEG files through the ImageCodec module.
extension PixelImage {
  /// Decodes the PNG or JPEG file at `path` to 8-bit gray or RGB.
  ///
  /// - Throws: `ImageFileError` naming the file: unreadable, not an image, corrupt or
  ///   truncated, or an unsupported layout.
  public init(contentsOfFile path: String) throws {
    var image = imagecodec_image()
    var message = [CChar](repeating: 0, count: Int(IMAGECODEC_MESSAGE_CAPACITY))
    let status = imagecodec_decode_file(path, &image, &message, message.count)
    try self.init(taking: &image, status: status, message: message, name: path)
  }

  /// Decodes PNG or JPEG bytes held in memory; `name` identifies them in errors.
  public init(encoded data: [UInt8], name: String) throws {
    var image = imagecodec_image()
    var message = [CChar](repeating: 0, count: Int(IMAGECODEC_MESSAGE_CAPACITY))
    let status = imagecodec_decode_memory(data, data.count, &image, &message, message.count)
    try self.init(taking: &image, status: status, message: message, name: name)
  }

  /// Copies a decoded C image into Swift storage and frees it, or throws the decoding error.
  private init(
    taking image: inout imagecodec_image, status: imagecodec_status, message: [CChar],
    name: String
  ) throws {
    defer { imagecodec_image_free(&image) }
    if status != IMAGECODEC_OK {
      throw ImageFileError(status: status, message: message, path: name)
    }
    let count = Int(image.width) * Int(image.height) * Int(image.channels)
    let bytes = [UInt8](UnsafeBufferPointer(start: image.pixels, count: count))
    self.init(
      width: Int(image.width), height: Int(image.height), channels: Int(image.channels),
      bytes: bytes)
  }

  /// Writes the image as an 8-bit PNG at `path`, replacing any file there.
  public func writePNG(toFile path: String) throws {
    var message = [CChar](repeating: 0, count: Int(IMAGECODEC_MESSAGE_CAPACITY))
    let status = imagecodec_encode_png_file(
      path, bytes, Int32(width), Int32(height), Int32(channels), &message, message.count)
    if status != IMAGECODEC_OK {
      throw ImageFileError.writeFailed(path: path, reason: String(cString: message))
    }
  }

  /// Writes the image as a baseline JPEG of `quality` (1 to 100) at `path`.
  public func writeJPEG(toFile path: String, quality: Int = 90) throws {
    precondition((1...100).contains(quality), "JPEG quality is 1 to 100")
    var message = [CChar](repeating: 0, count: Int(IMAGECODEC_MESSAGE_CAPACITY))
    let status = imagecodec_encode_jpeg_file(
      path, bytes, Int32(width), Int32(height), Int32(channels), Int32(quality), &message,
      message.count)
    if status != IMAGECODEC_OK {
      throw ImageFileError.writeFailed(path: path, reason: String(cString: message))
    }
  }
}

extension ImageFileError {
  /// Maps an ImageCodec status to the error case users see.
  init(status: imagecodec_status, message: [CChar], path: String) {
    let reason = String(cString: message)
    switch status {
    case IMAGECODEC_IO_ERROR: self = .unreadable(path: path, reason: reason)
    case IMAGECODEC_NOT_AN_IMAGE: self = .notAnImage(path: path)
    case IMAGECODEC_UNSUPPORTED: self = .unsupported(path: path, reason: reason)
    default: self = .corrupt(path: path, reason: reason)
    }
  }
}
