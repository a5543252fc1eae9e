/**
 * Reassembles messages from legacy text servers (the classic PHP socket_select tutorial
 * server and its descendants). Such servers split a long message into consecutive text
 * frames of exactly 125 bytes, cutting multi-byte UTF-8 characters in half. A frame of
 * exactly 125 bytes therefore means "more may follow": it is held until a shorter frame ends
 * the message, or until nothing more arrives within `settleMs`.
 */
export const LEGACY_FRAME_BYTES = 125;

export interface TextFramesOptions {
  onMessage: (text: string) => void;
  /** How long a 125-byte frame waits for its continuation, ms. Default 150. */
  settleMs?: number;
  /** A message longer than this is delivered as it stands. Default 64 KiB. */
  maxBytes?: number;
}

export class TextFrames {
  private parts: Buffer[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly options: TextFramesOptions) {}

  push(frame: Buffer): void {
    clearTimeout(this.timer);
    this.parts.push(frame);
    this.bytes += frame.length;
    if (frame.length === LEGACY_FRAME_BYTES && this.bytes < (this.options.maxBytes ?? 64 * 1024)) {
      this.timer = setTimeout(() => this.flush(), this.options.settleMs ?? 150);
    } else {
      this.flush();
    }
  }

  /** Delivers whatever is held (the connection closed, or the wait ran out). */
  flush(): void {
    clearTimeout(this.timer);
    if (this.parts.length === 0) return;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.bytes = 0;
    // Bytes that are still not UTF-8 once joined become U+FFFD rather than losing the order.
    this.options.onMessage(this.decoder.decode(bytes));
  }
}
