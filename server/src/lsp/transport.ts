/**
 * The server's writer for stdio: each message goes out as one write (header and body in one
 * buffer). vscode-jsonrpc's stream writer makes two writes per message, the header and then
 * the body, each a system call that wakes the client; a keystroke's diagnostics are one
 * message, so this halves the pipe writes on the keystroke path. The bytes are the same:
 * `Content-Length: <n>\r\n\r\n` and the message as JSON in UTF-8.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (err: unknown) => this.fireError(err));
    stream.on('close', () => this.fireClose());
  }

  /** One message as the bytes that go on the wire. */
  static frame(msg: Message): Buffer {
    const body = JSON.stringify(msg);
    const length = Buffer.byteLength(body, 'utf8');
    const header = `Content-Length: ${length}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + length);
    frame.write(header, 0, 'ascii');
    frame.write(body, header.length, 'utf8');
    return frame;
  }

  write(msg: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      let frame: Buffer;
      try {
        frame = FramedMessageWriter.frame(msg);
      } catch (err) {
        this.fireError(err, msg);
        reject(err);
        return;
      }
      this.stream.write(frame, (err?: Error | null) => {
        if (err) {
          this.errorCount++;
          this.fireError(err, msg, this.errorCount);
          reject(err);
        } else {
          this.errorCount = 0;
          resolve();
        }
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
