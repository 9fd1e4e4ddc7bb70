"""Built-in plugins: each organisation's rules live here, never in the kernel."""
