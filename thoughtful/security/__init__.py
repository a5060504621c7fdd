"""Security helpers every app may import (it imports no app): the client address behind trusted
proxies, one throttle for every way in, text cleaning for user input, response headers.

A library, not a Django app: it has no models, so `scoring` can use it and still stand alone.
"""
