# The planner's image for compose.yaml (app instances and the feed server). Builds from PyPI; on a separated
# network, copy a wheels/ folder in and install with --no-index --find-links wheels (README, "Offline install").
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN python -m pip install --no-cache-dir -r requirements.txt psycopg2-binary
COPY . .
EXPOSE 8501 8765
