#include "s3/api/xml_writer.h"

#include <sstream>

#include "s3/errors.h"

namespace wharf::s3 {

XmlDoc::XmlDoc(const char* root_name, bool with_namespace) {
  auto decl = doc_.prepend_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  root_ = doc_.append_child(root_name);
  if (with_namespace) root_.append_attribute("xmlns") = kS3Namespace;
}

std::string XmlDoc::str() const {
  std::ostringstream out;
  doc_.save(out, "", pugi::format_raw);
  return out.str();
}

pugi::xml_node add(pugi::xml_node parent, const char* name, std::string_view text) {
  auto n = parent.append_child(name);
  n.append_child(pugi::node_pcdata).set_value(std::string(text).c_str());
  return n;
}
pugi::xml_node add(pugi::xml_node parent, const char* name, const std::string& text) {
  return add(parent, name, std::string_view(text));
}
pugi::xml_node add(pugi::xml_node parent, const char* name, const char* text) {
  return add(parent, name, std::string_view(text));
}
pugi::xml_node add(pugi::xml_node parent, const char* name, long long number) {
  return add(parent, name, std::to_string(number));
}
pugi::xml_node add(pugi::xml_node parent, const char* name, unsigned long long number) {
  return add(parent, name, std::to_string(number));
}
pugi::xml_node add_bool(pugi::xml_node parent, const char* name, bool value) {
  return add(parent, name, value ? "true" : "false");
}

net::Response xml_response(const XmlDoc& doc) {
  net::Response r;
  r.set("Content-Type", "application/xml");
  r.body = doc.str();
  return r;
}

std::string error_xml(const core::Error& e, std::string_view resource,
                      std::string_view request_id) {
  XmlDoc doc("Error", false);
  add(doc.root(), "Code", e.code());
  add(doc.root(), "Message", e.message());
  for (const auto& [n, v] : e.details()) add(doc.root(), n.c_str(), v);
  if (!resource.empty()) add(doc.root(), "Resource", resource);
  add(doc.root(), "RequestId", request_id);
  add(doc.root(), "HostId", request_id);
  return doc.str();
}

void parse_xml_body(pugi::xml_document& doc, const std::string& body) {
  if (!doc.load_buffer(body.data(), body.size())) throw s3_error("MalformedXML");
}

}  // namespace wharf::s3
