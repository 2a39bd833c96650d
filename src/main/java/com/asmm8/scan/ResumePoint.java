package com.asmm8.scan;

/**
 * A brute force's checkpoint, kept with its progress in the scan record: every word of the
 * wordlist up to {@code line} was asked and what it found written, as of some seconds ago;
 * {@code wordlist} names the list (path, size, modification time), so a changed list starts over.
 */
public record ResumePoint(long line, String wordlist) {
}
