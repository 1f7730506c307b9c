"""Configuration shipped inside the package: site profiles (configs/sites/*.yaml) and run profiles.

Workers read site profiles through importlib.resources from the installed
package, never from a checkout's configs/ folder.
"""
