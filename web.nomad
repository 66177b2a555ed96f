job "web" {
  namespace   = "web"
  datacenters = ["dc1"]
}
