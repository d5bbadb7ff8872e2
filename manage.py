#!/usr/bin/env python
from minsheng.cli import main

if __name__ == "__main__":
    main()
