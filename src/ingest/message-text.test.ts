import { describe, expect, test } from 'vitest';
import { MESSAGE_TEXT_LIMIT, messageText } from './message-text.js';

describe('message text', () => {
  test('HTML becomes the lines a reader sees; entities decoded; hidden parts dropped', () => {
    expect(
      messageText(
        '<div>Hi&nbsp;Sam,</div><ul><li>one</li><li>two &amp; three</li></ul><style>p{}</style><p>Bye &#8212; &#x263A;</p>',
      ),
    ).toBe('Hi Sam,\n- one\n- two & three\nBye — ☺');
  });
  test('plain text keeps its < and its lines; control characters go; empty is null', () => {
    expect(messageText('a < b\r\n\r\n\r\n\r\nc\u0007', 'detect')).toBe('a < b\n\nc');
    expect(messageText('<p>a</p>', false)).toBe('<p>a</p>');
    expect(messageText('  \n ')).toBeNull();
    expect(messageText(42)).toBeNull();
  });
  test('cut at the limit, never inside a surrogate pair', () => {
    expect(messageText('a'.repeat(MESSAGE_TEXT_LIMIT + 5))?.length).toBe(MESSAGE_TEXT_LIMIT);
    const emojiAtTheCut = `${'a'.repeat(MESSAGE_TEXT_LIMIT - 1)}😀b`;
    expect(messageText(emojiAtTheCut)).toBe('a'.repeat(MESSAGE_TEXT_LIMIT - 1));
  });
});
