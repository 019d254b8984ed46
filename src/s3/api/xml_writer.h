// S3 XML responses and error bodies, on pugixml (which escapes text correctly).
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "net/http.h"

namespace wharf::s3 {

inline constexpr const char* kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

class XmlDoc {
 public:
  // A document whose root element carries the S3 namespace.
  explicit XmlDoc(const char* root_name, bool with_namespace = true);
  pugi::xml_node root() { return root_; }
  std::string str() const;

 private:
  pugi::xml_document doc_;
  pugi::xml_node root_;
};

// Appends <name>text</name> to parent and returns it.
pugi::xml_node add(pugi::xml_node parent, const char* name, std::string_view text);
pugi::xml_node add(pugi::xml_node parent, const char* name, const std::string& text);
pugi::xml_node add(pugi::xml_node parent, const char* name, const char* text);
pugi::xml_node add(pugi::xml_node parent, const char* name, long long number);
pugi::xml_node add(pugi::xml_node parent, const char* name, unsigned long long number);
pugi::xml_node add_bool(pugi::xml_node parent, const char* name, bool value);

// A 200 response carrying the document as application/xml.
net::Response xml_response(const XmlDoc& doc);

std::string error_xml(const core::Error& e, std::string_view resource, std::string_view request_id);

// Parses a request body; throws MalformedXML.
void parse_xml_body(pugi::xml_document& doc, const std::string& body);

}  // namespace wharf::s3
