import NIOCore

/// A JSON string literal written straight into a buffer (RFC 8259 escaping), for the few
/// strings the server frames carry: channel names, error codes and messages.
enum JSONQuoting {
    static func write(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
            case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
            case UInt8(ascii: "\n"): buffer.writeStaticString(#"\n"#)
            case UInt8(ascii: "\r"): buffer.writeStaticString(#"\r"#)
            case UInt8(ascii: "\t"): buffer.writeStaticString(#"\t"#)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.writeStaticString(#"\u00"#)
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0x0f)])
            default:
                // Bytes of multi-byte UTF-8 sequences are all ≥ 0x80: copied as they are.
                buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
