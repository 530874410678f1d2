# privacy-api: slim image, non-root user; migrations run as a separate command:
#   docker run --rm -e DATABASE_URL=... privacy-api migrate
#   docker run -p 8000:8000 -e DATABASE_URL=... privacy-api
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
COPY migrations ./migrations
COPY policy ./policy
RUN pip wheel --no-cache-dir --constraint constraints.txt --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /srv privacy
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER privacy
WORKDIR /srv
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
ENTRYPOINT ["privacy-api"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
