"""The OpenSearch backend's write side (issue 25): the address, the mapping, the writer."""
