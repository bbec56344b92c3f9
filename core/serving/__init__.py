"""Running the app as a service: readiness checks (what a load balancer, Docker and `make run` ask)."""
