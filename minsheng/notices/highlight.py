"""Mark the target phrases inside a project's content for the reviewer."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(content: str, phrases: list[str]) -> SafeString:
    """HTML of `content` with each phrase (first occurrence, non-overlapping) wrapped in <mark>."""
    spans = []
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        start = content.find(phrase)
        while start != -1 and any(s < start + len(phrase) and start < e for s, e in spans):
            start = content.find(phrase, start + 1)
        if start != -1:
            spans.append((start, start + len(phrase)))
    out, last = [], 0
    for start, end in sorted(spans):
        out += [escape(content[last:start]), f'<mark class="target">{escape(content[start:end])}</mark>']
        last = end
    out.append(escape(content[last:]))
    return mark_safe("".join(out))
