"""What the API accepts before anything reaches the database: ids the id columns hold, declared in the
OpenAPI document so that clients and the fuzz test see them. Days come through the platform's one
parser (core.dates), periods through the reporting calendar, values and funds through the reporting
workflow, each refusing what is out of range with a Chinese message."""

from typing import Annotated

from ninja import Path
from pydantic import Field

from minsheng.core.dates import ID_MAX

Id = Annotated[int, Path(ge=1, le=ID_MAX)]
BodyId = Annotated[int, Field(ge=1, le=ID_MAX)]
Version = Annotated[int, Field(ge=0, le=2_147_483_647)]
