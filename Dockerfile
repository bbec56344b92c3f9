# Territory Atlas in a container: data baked in, nothing fetched at run time. Build needs the internet once
# (base image, PyPI); running does not.  docker build -t territory-atlas . && docker run -p 8501:8501 territory-atlas
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python -m scripts.prepare_static
ENV PYTHONUNBUFFERED=1
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=5)"
CMD ["python", "-m", "scripts.serve", "--port", "8501", "--address", "0.0.0.0"]
