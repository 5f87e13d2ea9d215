# Trợ lý Thi đua: `python -m bot run` serves Telegram and/or Zalo when TELEGRAM_BOT_TOKEN and/or ZALO_BOT_TOKEN is set.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 bot

# Dependencies in their own layer: installed from pyproject.toml with empty packages, so a source change reuses it.
COPY pyproject.toml README.md ./
RUN mkdir -p bot handlers knowledge storage documents \
    && touch bot/__init__.py handlers/__init__.py knowledge/__init__.py storage/__init__.py documents/__init__.py \
    && pip install . \
    && pip uninstall --yes tro-ly-thi-dua

COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY storage ./storage
COPY documents ./documents
RUN pip install --no-deps . && mkdir -p /app/data && chown bot:bot /app/data

VOLUME ["/app/data"]
USER 10001
# Alive while the `bot run` process is (polling mode has no HTTP port to probe).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import pathlib,sys; sys.exit(0 if any(b'bot\\x00run' in p.read_bytes() for p in pathlib.Path('/proc').glob('[0-9]*/cmdline')) else 1)"]
CMD ["python", "-m", "bot", "run"]
