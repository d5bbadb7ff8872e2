"""How much of an upload the import page keeps: at most MAX_UPLOAD_BYTES per file.

Django keeps a file of up to FILE_UPLOAD_MAX_MEMORY_SIZE (5 MB) in memory and writes a larger one to a
temporary file; DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB) bounds only the other form fields. Without more, a
200 MB upload would be written to disk in full before the form refuses it. `SizeLimitHandler` runs
first among the upload handlers: once a file passes the limit, the rest of it is read from the
connection and dropped (Django's SkipFile), the part already stored is deleted, and the view shows a
Chinese message. Memory and disk stay bounded whatever the client sends.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from minsheng.notices.readers.safety import MAX_UPLOAD_BYTES


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None, limit: int = MAX_UPLOAD_BYTES):
        super().__init__(request)
        self.limit = limit
        self.refused: list[str] = []  # names of the files skipped for their size

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.refused.append(self.file_name or "")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


def limit_uploads(request) -> SizeLimitHandler:
    """Put the size limit first among the request's upload handlers (before the body is parsed)."""
    handler = SizeLimitHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler


def too_large_message() -> str:
    limit = MAX_UPLOAD_BYTES // 1024 // 1024
    return f"文件超过 {limit} MB 上限，未保存，请压缩图片或拆分后再导入。"
