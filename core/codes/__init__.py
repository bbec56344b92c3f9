"""The codes and dates everything else speaks in: controllers, states, event types, the timeline's range."""
