#include "cli/demo_data.h"

#include <iconv.h>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <span>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "core/error.h"

namespace wharf::cli {
namespace {

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64 and range/choice helpers of our own, so that a seed gives the same
// bytes everywhere (std distributions and std::shuffle are implementation-defined).

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0; rejection keeps it unbiased.
  uint64_t below64(uint64_t n) {
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
    uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
  }
  int below(int n) { return static_cast<int>(below64(static_cast<uint64_t>(n))); }
  int range(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool percent(int p) { return below(100) < p; }
  template <typename C>
  const auto& pick(const C& items) {
    return items[below(static_cast<int>(std::size(items)))];
  }
  // An index drawn with probability proportional to its (non-negative) weight.
  int weighted(std::span<const int> weights) {
    int r = below(std::accumulate(weights.begin(), weights.end(), 0));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return static_cast<int>(i);
      r -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }
  int weighted(std::initializer_list<int> weights) {
    return weighted(std::span<const int>(weights.begin(), weights.size()));
  }
  template <typename T>
  void shuffle(std::vector<T>& v) {  // Fisher-Yates
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(static_cast<int>(i))]);
  }
  std::string digits(int count) {
    std::string s;
    for (int i = 0; i < count; ++i) s += static_cast<char>('0' + below(10));
    return s;
  }

 private:
  uint64_t state_;
};

// Draws indices in proportion to fixed weights in O(log n), for the large tables.
class WeightedIndex {
 public:
  explicit WeightedIndex(std::span<const int> weights) {
    uint64_t sum = 0;
    for (int w : weights) cumulative_.push_back(sum += static_cast<uint64_t>(w));
  }
  int draw(Rng& rng) const {  // needs a positive total weight
    const uint64_t r = rng.below64(cumulative_.back());
    return static_cast<int>(std::upper_bound(cumulative_.begin(), cumulative_.end(), r) -
                            cumulative_.begin());
  }

 private:
  std::vector<uint64_t> cumulative_;
};

// Independent streams per file family, so that changing one size leaves the other files alone.
Rng stream(uint64_t seed, uint64_t which) {
  Rng mix(seed ^ (which * 0xD1B54A32D192ED03ULL));
  return Rng(mix.next());
}

// Gives `count` distinct rows of `rows` each kind, in the order listed; rows left over are
// `none`. A kind gets fewer rows when too few are left.
template <typename Kind>
std::vector<Kind> assign_dirt(Rng& rng, int rows, Kind none,
                              std::initializer_list<std::pair<Kind, int>> counts) {
  std::vector<int> order(std::max(rows, 0));
  std::iota(order.begin(), order.end(), 0);
  rng.shuffle(order);
  std::vector<Kind> kinds(order.size(), none);
  size_t next = 0;
  for (const auto& [kind, count] : counts)
    for (int i = 0; i < count && next < order.size(); ++i) kinds[order[next++]] = kind;
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Dates and text.

constexpr int64_t kDaySeconds = 86400;

int64_t days_from_civil(int y, int m, int d) {  // days since 1970-01-01 (H. Hinnant)
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int y, m, d;
};

Ymd civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int weekday(int64_t day) { return static_cast<int>((day % 7 + 11) % 7); }  // 0 = Sunday

std::string padded(int64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

std::string iso_date(int64_t day) {
  const Ymd c = civil_from_days(day);
  return padded(c.y, 4) + "-" + padded(c.m, 2) + "-" + padded(c.d, 2);
}

std::string clock_time(int64_t seconds_of_day) {
  return padded(seconds_of_day / 3600, 2) + ":" + padded(seconds_of_day / 60 % 60, 2) + ":" +
         padded(seconds_of_day % 60, 2);
}

// An instant as ISO 8601, in UTC ("...Z") or in China time ("...+08:00").
std::string iso_timestamp(int64_t unix_seconds, bool utc) {
  const int64_t t = utc ? unix_seconds : unix_seconds + int64_t{8} * 3600;
  const int64_t day = t / kDaySeconds;
  return iso_date(day) + "T" + clock_time(t - day * kDaySeconds) + (utc ? "Z" : "+08:00");
}

// Yuan and fen, exact: "5999.00" in the catalog.
std::string price_text(int64_t cents) {
  return std::to_string(cents / 100) + "." + padded(cents % 100, 2);
}

// As a JSON number with at most 2 decimals and no trailing zeros: 1299, 59.9, 0.5.
std::string price_number(int64_t cents) {
  std::string s = std::to_string(cents / 100);
  if (cents % 100 == 0) return s;
  if (cents % 10 == 0) return s + "." + std::to_string(cents % 100 / 10);
  return s + "." + padded(cents % 100, 2);
}

// "1299.00" -> "1,299.00".
std::string with_thousands(const std::string& plain) {
  const size_t point = plain.find('.');
  std::string out = plain.substr(point);
  for (size_t i = point, n = 0; i > 0; --i, ++n) {
    if (n > 0 && n % 3 == 0) out.insert(0, 1, ',');
    out.insert(0, 1, plain[i - 1]);
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string xml_escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string upper_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Bytes of the first UTF-8 character of s.
size_t first_char_size(std::string_view s) {
  const auto b = static_cast<unsigned char>(s[0]);
  return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
}

std::string to_gbk(std::string_view utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) core::throw_internal("demo data: iconv has no GBK");
  // Every character GBK encodes takes at most as many bytes in GBK as in UTF-8.
  std::string out(utf8.size(), '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1))
    core::throw_internal("demo data: no GBK for the text at byte " +
                         std::to_string(utf8.size() - in_left) + " of the GBK user file");
  out.resize(out.size() - out_left);
  return out;
}

// ---------------------------------------------------------------------------------------------
// People.

struct Romanized {
  const char* han;
  const char* pinyin;
};

constexpr Romanized kSurnames[] = {
    {"王", "wang"},  {"李", "li"},   {"张", "zhang"}, {"刘", "liu"},  {"陈", "chen"},
    {"杨", "yang"},  {"赵", "zhao"}, {"黄", "huang"}, {"周", "zhou"}, {"吴", "wu"},
    {"徐", "xu"},    {"孙", "sun"},  {"胡", "hu"},    {"朱", "zhu"},  {"高", "gao"},
    {"林", "lin"},   {"何", "he"},   {"郭", "guo"},   {"马", "ma"},   {"罗", "luo"},
    {"梁", "liang"}, {"宋", "song"}, {"郑", "zheng"}, {"谢", "xie"},  {"韩", "han"},
    {"唐", "tang"},  {"冯", "feng"}, {"于", "yu"},    {"董", "dong"}, {"萧", "xiao"},
    {"程", "cheng"}, {"曹", "cao"},  {"袁", "yuan"},  {"邓", "deng"}, {"许", "xu"},
    {"傅", "fu"},    {"沈", "shen"}, {"曾", "zeng"},  {"彭", "peng"}, {"吕", "lv"},
};
constexpr Romanized kCompoundSurnames[] = {
    {"欧阳", "ouyang"}, {"司马", "sima"}, {"诸葛", "zhuge"}, {"上官", "shangguan"}};
constexpr Romanized kGivenNames[] = {
    {"伟", "wei"},   {"芳", "fang"}, {"娜", "na"},   {"敏", "min"},  {"静", "jing"}, {"丽", "li"},
    {"强", "qiang"}, {"磊", "lei"},  {"军", "jun"},  {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"},
    {"杰", "jie"},   {"娟", "juan"}, {"涛", "tao"},  {"明", "ming"}, {"超", "chao"}, {"秀", "xiu"},
    {"霞", "xia"},   {"平", "ping"}, {"刚", "gang"}, {"英", "ying"}, {"华", "hua"},  {"文", "wen"},
    {"玲", "ling"},  {"建", "jian"}, {"国", "guo"},  {"志", "zhi"},  {"红", "hong"}, {"晓", "xiao"},
    {"婷", "ting"},  {"雪", "xue"},  {"慧", "hui"},  {"鑫", "xin"},  {"宇", "yu"},   {"浩", "hao"},
    {"然", "ran"},   {"子", "zi"},   {"涵", "han"},  {"梓", "zi"},   {"欣", "xin"},  {"怡", "yi"},
    {"思", "si"},    {"佳", "jia"},  {"俊", "jun"},  {"博", "bo"},   {"一", "yi"},   {"诺", "nuo"},
    {"晨", "chen"},  {"嘉", "jia"},  {"琪", "qi"},   {"轩", "xuan"}, {"睿", "rui"},  {"海", "hai"},
    {"春", "chun"},
};

struct LatinName {
  const char* text;
  const char* ascii;
  const char* nickname;  // for the names with a quoted nickname, or nullptr
};

constexpr LatinName kFirstNames[] = {
    {"James", "james", "Jim"},
    {"Mary", "mary", nullptr},
    {"Robert", "robert", "Bob"},
    {"Jennifer", "jennifer", "Jen"},
    {"Michael", "michael", "Mike"},
    {"Linda", "linda", nullptr},
    {"William", "william", "Bill"},
    {"Elizabeth", "elizabeth", "Liz"},
    {"David", "david", "Dave"},
    {"Sarah", "sarah", nullptr},
    {"Thomas", "thomas", "Tom"},
    {"Jessica", "jessica", "Jess"},
    {"Daniel", "daniel", "Dan"},
    {"Emma", "emma", nullptr},
    {"Olivia", "olivia", "Liv"},
    {"Noah", "noah", nullptr},
    {"Liam", "liam", nullptr},
    {"Sophia", "sophia", "Sophie"},
    {"Lucas", "lucas", "Luke"},
    {"Mia", "mia", nullptr},
    {"Ethan", "ethan", nullptr},
    {"Chloé", "chloe", nullptr},
    {"Grace", "grace", nullptr},
    {"Alexander", "alexander", "Alex"},
    {"Katherine", "katherine", "Kate"},
    {"Priya", "priya", nullptr},
    {"Arjun", "arjun", nullptr},
    {"Hiroshi", "hiroshi", nullptr},
    {"Yuki", "yuki", nullptr},
    {"José", "jose", "Pepe"},
    {"Zoë", "zoe", nullptr},
    {"Søren", "soren", nullptr},
    {"Fatima", "fatima", nullptr},
    {"Mohammed", "mohammed", "Mo"},
    {"Lena", "lena", nullptr},
    {"Benjamin", "benjamin", "Ben"},
};
constexpr LatinName kLastNames[] = {
    {"Smith", "smith", nullptr},       {"Johnson", "johnson", nullptr},
    {"Williams", "williams", nullptr}, {"Brown", "brown", nullptr},
    {"Jones", "jones", nullptr},       {"García", "garcia", nullptr},
    {"Miller", "miller", nullptr},     {"Davis", "davis", nullptr},
    {"Wilson", "wilson", nullptr},     {"Taylor", "taylor", nullptr},
    {"Anderson", "anderson", nullptr}, {"Lee", "lee", nullptr},
    {"Martin", "martin", nullptr},     {"Clark", "clark", nullptr},
    {"Walker", "walker", nullptr},     {"Young", "young", nullptr},
    {"King", "king", nullptr},         {"Wright", "wright", nullptr},
    {"Scott", "scott", nullptr},       {"Green", "green", nullptr},
    {"Baker", "baker", nullptr},       {"Tan", "tan", nullptr},
    {"Lim", "lim", nullptr},           {"Ng", "ng", nullptr},
    {"Kumar", "kumar", nullptr},       {"Patel", "patel", nullptr},
    {"Müller", "muller", nullptr},     {"O'Brien", "obrien", nullptr},
    {"Dubois", "dubois", nullptr},     {"Nielsen", "nielsen", nullptr},
    {"Rossi", "rossi", nullptr},       {"Sato", "sato", nullptr},
};
// English first names given as the quoted nickname of a Chinese name (张伟 "David").
constexpr const char* kEnglishNicknames[] = {"David", "Kevin", "Vivian", "Tony", "Cindy",
                                             "Jack",  "Amy",   "Eric",   "Lily", "Leo"};

struct Person {
  bool chinese = false;
  std::string name;                     // as displayed
  std::string first_text;               // given name (Chinese) or first name, displayed
  std::string last_text;                // surname, displayed
  std::string first_ascii, last_ascii;  // lowercase, for emails
  std::string initials;                 // Chinese given-name initials ("xm")
  const char* nickname = nullptr;
};

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// `ascii_latin`: Latin names without letters like ë or ø, which GBK cannot encode.
Person make_person(Rng& rng, bool chinese, bool with_nickname, bool ascii_latin) {
  Person p;
  p.chinese = chinese;
  if (chinese) {
    const bool compound = rng.percent(3);
    const Romanized& family = compound ? rng.pick(kCompoundSurnames) : [&]() -> const Romanized& {
      // The ten most common surnames are three times as likely as the others.
      std::vector<int> weights(std::size(kSurnames), 1);
      std::fill(weights.begin(), weights.begin() + 10, 3);
      return kSurnames[rng.weighted(weights)];
    }();
    const int given_chars = compound || rng.percent(30) ? 1 : 2;
    p.last_text = family.han;
    p.last_ascii = family.pinyin;
    for (int i = 0; i < given_chars; ++i) {
      const Romanized& g = rng.pick(kGivenNames);
      p.first_text += g.han;
      p.first_ascii += g.pinyin;
      p.initials += g.pinyin[0];
    }
    p.name = p.last_text + p.first_text;
    if (with_nickname) p.nickname = rng.pick(kEnglishNicknames);
    return p;
  }
  const LatinName* first = &rng.pick(kFirstNames);
  while ((with_nickname && first->nickname == nullptr) || (ascii_latin && !is_ascii(first->text)))
    first = &rng.pick(kFirstNames);
  const LatinName* last = &rng.pick(kLastNames);
  while (ascii_latin && !is_ascii(last->text)) last = &rng.pick(kLastNames);
  p.first_text = first->text;
  p.first_ascii = first->ascii;
  p.last_text = last->text;
  p.last_ascii = last->ascii;
  p.nickname = with_nickname ? first->nickname : nullptr;
  p.name = p.first_text + " " + p.last_text;
  return p;
}

// "Wilson, Emma" or "王伟, Wang Wei".
std::string name_with_comma(const Person& p) {
  if (p.chinese)
    return p.name + ", " + capitalized(p.last_ascii) + " " + capitalized(p.first_ascii);
  return p.last_text + ", " + p.first_text;
}

// Robert "Bob" Smith or 张伟 "David".
std::string name_with_quotes(const Person& p) {
  if (p.chinese) return p.name + " \"" + p.nickname + "\"";
  return p.first_text + " \"" + p.nickname + "\" " + p.last_text;
}

std::string make_email(Rng& rng, const Person& p, std::unordered_set<std::string>& taken) {
  static constexpr const char* kChineseDomains[] = {"qq.com",      "163.com",     "126.com",
                                                    "sina.com",    "foxmail.com", "gmail.com",
                                                    "outlook.com", "example.com"};
  static constexpr const char* kLatinDomains[] = {"gmail.com",   "outlook.com", "yahoo.com",
                                                  "hotmail.com", "icloud.com",  "example.com",
                                                  "qq.com",      "163.com"};
  const std::string domain = p.chinese
                                 ? kChineseDomains[rng.weighted({30, 22, 10, 5, 5, 10, 6, 12})]
                                 : kLatinDomains[rng.weighted({32, 15, 9, 10, 10, 20, 2, 2})];
  std::string local;
  if (p.chinese && domain == "qq.com" && rng.percent(60)) {
    local = std::to_string(rng.range(1, 9)) + rng.digits(rng.range(4, 9));  // QQ number
  } else if (p.chinese) {
    switch (rng.below(5)) {
      case 0:
        local = p.last_ascii + p.first_ascii;
        break;
      case 1:
        local = p.last_ascii + "." + p.first_ascii;
        break;
      case 2:
        local = p.first_ascii + "." + p.last_ascii;
        break;
      case 3:
        local = p.last_ascii + p.initials + rng.digits(2);
        break;
      default:
        local = p.last_ascii + p.first_ascii + std::to_string(rng.range(1975, 2006));
    }
  } else {
    switch (rng.below(5)) {
      case 0:
        local = p.first_ascii + "." + p.last_ascii;
        break;
      case 1:
        local = p.first_ascii + p.last_ascii;
        break;
      case 2:
        local = p.first_ascii.substr(0, 1) + p.last_ascii;
        break;
      case 3:
        local = p.first_ascii + "_" + p.last_ascii;
        break;
      default:
        local = p.first_ascii + "." + p.last_ascii + rng.digits(2);
    }
  }
  std::string email = local + "@" + domain;
  while (!taken.insert(email).second)
    email = local + std::to_string(rng.range(1, 999)) + "@" + domain;
  return email;
}

// The same address in another case: WANG.WEI@163.COM, Wang.Wei@163.com or wang.wei@163.COM.
std::string email_in_other_case(Rng& rng, const std::string& email) {
  const size_t at = email.find('@');
  std::string other;
  switch (rng.below(3)) {
    case 0:
      other = upper_ascii(email);
      break;
    case 1: {
      other = email;
      for (size_t i = 0; i < at; ++i)
        if (i == 0 || other[i - 1] == '.' || other[i - 1] == '_')
          other[i] = upper_ascii(std::string(1, other[i]))[0];
      break;
    }
    default:
      other = email.substr(0, at) + upper_ascii(email.substr(at));
  }
  return other == email ? upper_ascii(email) : other;  // a QQ number has no case to change
}

// wangwei163.com, emma.wilson.gmail.com, wangwei@ or emma.wilson@gmail.
std::string invalid_email(Rng& rng, const std::string& email) {
  const size_t at = email.find('@');
  const std::string local = email.substr(0, at), domain = email.substr(at + 1);
  switch (rng.below(4)) {
    case 0:
      return local + domain;
    case 1:
      return local + "." + domain;
    case 2:
      return local + "@";
    default:
      return local + "@" + domain.substr(0, domain.find('.'));
  }
}

struct ChineseCity {
  const char* name;
  const char* english;
  int weight;
};
constexpr ChineseCity kChineseCities[] = {
    {"北京", "Beijing", 12}, {"上海", "Shanghai", 12}, {"深圳", "Shenzhen", 10},
    {"杭州", "Hangzhou", 8}, {"广州", "Guangzhou", 9}, {"成都", "Chengdu", 7},
    {"南京", "Nanjing", 5},  {"武汉", "Wuhan", 5},     {"西安", "Xi'an", 4},
    {"苏州", "Suzhou", 4},   {"重庆", "Chongqing", 5}, {"天津", "Tianjin", 4},
    {"厦门", "Xiamen", 3},   {"长沙", "Changsha", 3}};

struct OtherCity {
  const char* name;
  const char* phone_pattern;  // '#' is a random digit
  int weight;
};
constexpr OtherCity kOtherCities[] = {
    {"Singapore", "+65 9### ####", 6},  {"Hong Kong", "+852 9### ####", 5},
    {"Tokyo", "+81 90-####-####", 4},   {"London", "+44 7700 9#####", 5},
    {"New York", "+1 212-555-01##", 5}, {"San Francisco", "+1 415-555-01##", 3},
    {"Toronto", "+1 416-555-01##", 3},  {"Sydney", "+61 4## ### ###", 3},
    {"Berlin", "+49 151 ########", 2},  {"Paris", "+33 6 ## ## ## ##", 2}};

template <typename City, size_t N>
int pick_city(Rng& rng, const City (&cities)[N]) {
  std::vector<int> weights;
  for (const City& c : cities) weights.push_back(c.weight);
  return rng.weighted(weights);
}

struct Home {
  bool abroad = false;
  int city = 0;
  bool english_name = false;  // a Chinese city written in English
};

Home make_home(Rng& rng, bool chinese, bool english_allowed) {
  Home h;
  h.abroad = rng.percent(chinese ? 8 : 55);
  h.city = h.abroad ? pick_city(rng, kOtherCities) : pick_city(rng, kChineseCities);
  h.english_name = !h.abroad && english_allowed && rng.below(8) == 0;
  return h;
}

std::string city_text(const Home& h) {
  if (h.abroad) return kOtherCities[h.city].name;
  return h.english_name ? kChineseCities[h.city].english : kChineseCities[h.city].name;
}

std::string make_phone(Rng& rng, const Home& h) {
  if (h.abroad) {
    std::string s = kOtherCities[h.city].phone_pattern;
    for (char& c : s)
      if (c == '#') c = static_cast<char>('0' + rng.below(10));
    return s;
  }
  static constexpr const char* kPrefixes[] = {
      "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
      "152", "155", "157", "158", "159", "176", "177", "180", "186", "188", "189"};
  const std::string prefix = rng.pick(kPrefixes);
  const std::string a = rng.digits(4), b = rng.digits(4);
  switch (rng.weighted({45, 30, 25})) {
    case 0:
      return prefix + "-" + a + "-" + b;
    case 1:
      return "+86 " + prefix + " " + a + " " + b;
    default:
      return prefix + a + b;
  }
}

// ---------------------------------------------------------------------------------------------
// Users.

enum class UserDirt {
  kNone,
  kDuplicate,
  kEmptyEmail,
  kInvalidEmail,
  kWhitespace,
  kComma,
  kQuote,
  kMalformed,
  kNoUpdatedAt,
  kNoVipNoUpdatedAt,
};

const int64_t kSignupFirst = days_from_civil(2024, 1, 1);
const int64_t kSignupLast = days_from_civil(2026, 9, 30);
const int64_t kUpdatedLast = days_from_civil(2026, 10, 20);
constexpr const char* kUsersHeader = "user_id,name,email,phone,city,signup_date,age,vip,updated_at";

struct User {
  std::string id;
  Person person;
  std::string email;
  Home home;
  std::string phone;
  int64_t signup_day = 0;
  int date_format = 0;
  std::string age;
  bool vip = false;
  int vip_spelling = 0;
  int64_t updated_at = 0;
  bool updated_utc = false;
};

std::string user_id(int number) { return "u-" + padded(number, 5); }

// What sets the two user files apart.
struct UserFileStyle {
  int chinese_percent;
  bool english_city_names;  // Chinese cities sometimes written in English
  bool gbk;                 // only characters GBK can encode
};
constexpr UserFileStyle kUtf8File = {40, true, false};
constexpr UserFileStyle kGbkFile = {90, false, true};

User make_user(Rng& rng, int number, const UserFileStyle& style, UserDirt dirt,
               std::unordered_set<std::string>& emails) {
  User u;
  u.id = user_id(number);
  const bool quoted = dirt == UserDirt::kQuote;
  u.person = make_person(rng, rng.percent(style.chinese_percent), quoted, style.gbk);
  u.email = make_email(rng, u.person, emails);
  u.home = make_home(rng, u.person.chinese, style.english_city_names);
  u.phone = make_phone(rng, u.home);
  u.signup_day = kSignupFirst + rng.below(static_cast<int>(kSignupLast - kSignupFirst + 1));
  u.date_format = rng.weighted({60, 25, 15});
  const int age_band = rng.weighted({20, 35, 25, 12, 8});
  static constexpr int kBands[][2] = {{18, 24}, {25, 34}, {35, 44}, {45, 54}, {55, 70}};
  u.age = std::to_string(rng.range(kBands[age_band][0], kBands[age_band][1]));
  u.vip = rng.percent(15);
  u.vip_spelling = rng.below(4);
  const int64_t day = u.signup_day + rng.below(static_cast<int>(kUpdatedLast - u.signup_day + 1));
  u.updated_at = day * kDaySeconds + rng.below(static_cast<int>(kDaySeconds));
  u.updated_utc = rng.percent(50);
  return u;
}

std::vector<std::string> user_fields(const User& u) {
  static constexpr const char* kYes[] = {"yes", "Y", "true", "1"};
  static constexpr const char* kNo[] = {"no", "N", "false", "0"};
  const Ymd d = civil_from_days(u.signup_day);
  std::string signup;
  switch (u.date_format) {
    case 0:
      signup = iso_date(u.signup_day);
      break;
    case 1:
      signup = padded(d.y, 4) + "/" + padded(d.m, 2) + "/" + padded(d.d, 2);
      break;
    default:
      signup = padded(d.d, 2) + "." + padded(d.m, 2) + "." + padded(d.y, 4);
  }
  return {u.id,
          u.person.name,
          u.email,
          u.phone,
          city_text(u.home),
          signup,
          u.age,
          u.vip ? kYes[u.vip_spelling] : kNo[u.vip_spelling],
          iso_timestamp(u.updated_at, u.updated_utc)};
}

// The same user exported again later: the email in another case, a later updated_at, a new city
// or phone or both, sometimes a changed vip flag.
User newer_copy(Rng& rng, const User& u) {
  User c = u;
  c.email = email_in_other_case(rng, u.email);
  c.updated_at += rng.range(1, 30) * kDaySeconds + rng.below(static_cast<int>(kDaySeconds));
  c.updated_utc = rng.percent(50);
  const int change = rng.weighted({50, 30, 20});  // city, phone, both
  if (change != 1) {
    while (city_text(c.home) == city_text(u.home)) c.home = make_home(rng, u.person.chinese, true);
  }
  if (change != 0 || c.home.abroad != u.home.abroad) {
    while (c.phone == u.phone) c.phone = make_phone(rng, c.home);
  }
  if (rng.percent(20)) c.vip = !c.vip;
  return c;
}

// Stray whitespace around the name and/or the email. `no_break` allows U+00A0 (not in GBK).
void add_whitespace(Rng& rng, std::vector<std::string>& f, bool no_break) {
  constexpr const char* kIdeographic = "\u3000";
  constexpr const char* kNoBreak = "\u00A0";
  switch (rng.below(no_break ? 10 : 7)) {
    case 0:
      f[1] = " " + f[1];
      break;
    case 1:
      f[1] += " ";
      break;
    case 2:
      f[1] = kIdeographic + f[1];
      break;
    case 3:
      f[1] += kIdeographic;
      break;
    case 4:
      f[2] += " ";
      break;
    case 5:
      f[1] = "\t" + f[1], f[2] = " " + f[2] + " ";
      break;
    case 6:
      f[1] = " " + f[1], f[2] += " ";
      break;
    case 7:
      f[2] = kNoBreak + f[2];
      break;
    case 8:
      f[1] += kNoBreak;
      break;
    default:
      f[1] = kNoBreak + f[1], f[2] += kNoBreak;
      break;
  }
}

std::string csv_row(const std::vector<std::string>& fields, bool quote, const char* line_end) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += ',';
    row += quote ? csv_field(fields[i]) : fields[i];
  }
  return row + line_end;
}

void add_age_dirt(Rng& rng, std::vector<std::string>& fields) {
  static constexpr const char* kBadAges[] = {"", "N/A", "abc", "-5", "200"};
  fields[6] = rng.pick(kBadAges);
}

// users/users.csv: users 1..n with every kind of row dirt.
std::string users_csv(Rng& rng, int n, std::unordered_set<std::string>& emails) {
  const bool dirty = n >= 100;
  const int odd_names = dirty ? std::max(2, n * 3 / 1000) : 0;
  const auto dirt =
      assign_dirt<UserDirt>(rng, n, UserDirt::kNone,
                            {{UserDirt::kDuplicate, dirty ? n * 3 / 100 : 0},
                             {UserDirt::kEmptyEmail, dirty ? n * 2 / 100 : 0},
                             {UserDirt::kInvalidEmail, dirty ? n / 100 : 0},
                             {UserDirt::kWhitespace, dirty ? n * 5 / 100 : 0},
                             {UserDirt::kComma, odd_names - odd_names / 2},
                             {UserDirt::kQuote, odd_names / 2},
                             {UserDirt::kMalformed, dirty ? std::max(1, n * 5 / 1000) : 0},
                             {UserDirt::kNoUpdatedAt, dirty ? 1 : 0},
                             {UserDirt::kNoVipNoUpdatedAt, dirty ? 1 : 0}});
  const auto bad_age = assign_dirt<bool>(rng, n, false, {{true, n * 2 / 100}});

  std::vector<std::string> rows(n);
  std::vector<std::pair<int, std::string>> copies;  // (row the copy goes before, the copy)
  for (int i = 0; i < n; ++i) {
    const User u = make_user(rng, i + 1, kUtf8File, dirt[i], emails);
    std::vector<std::string> f = user_fields(u);
    if (bad_age[i]) add_age_dirt(rng, f);
    bool quote = true;
    switch (dirt[i]) {
      case UserDirt::kNone:
        break;
      case UserDirt::kDuplicate: {
        std::vector<std::string> newer = user_fields(newer_copy(rng, u));
        newer[6] = f[6];
        copies.emplace_back(rng.below(n + 1), csv_row(newer, true, "\r\n"));
        break;
      }
      case UserDirt::kEmptyEmail:
        f[2].clear();
        break;
      case UserDirt::kInvalidEmail:
        f[2] = invalid_email(rng, u.email);
        break;
      case UserDirt::kWhitespace:
        add_whitespace(rng, f, !kUtf8File.gbk);
        break;
      case UserDirt::kComma:
        f[1] = name_with_comma(u.person);
        break;
      case UserDirt::kQuote:
        f[1] = name_with_quotes(u.person);
        break;
      case UserDirt::kMalformed: {
        const size_t at = u.person.chinese ? first_char_size(f[1]) : 2;
        f[1].insert(at, "\"");
        quote = false;
        break;
      }
      case UserDirt::kNoUpdatedAt:
        f.resize(8);
        break;
      case UserDirt::kNoVipNoUpdatedAt:
        f.resize(7);
        break;
    }
    rows[i] = csv_row(f, quote, "\r\n");
  }
  std::stable_sort(copies.begin(), copies.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = "\xEF\xBB\xBF";
  out += kUsersHeader;
  out += "\r\n";
  size_t next_copy = 0;
  for (int i = 0; i <= n; ++i) {
    while (next_copy < copies.size() && copies[next_copy].first == i)
      out += copies[next_copy++].second;
    if (i < n) out += rows[i];
  }
  return out;
}

// users/users_cn_gbk.csv (as UTF-8; converted by the caller): `count` users from `first` on.
std::string gbk_users_csv(Rng& rng, int first, int count, std::unordered_set<std::string>& emails) {
  const auto spaced = assign_dirt<bool>(rng, count, false, {{true, count / 20}});
  const auto bad_age = assign_dirt<bool>(rng, count, false, {{true, count / 50}});
  std::string out = kUsersHeader;
  out += "\n";
  for (int i = 0; i < count; ++i) {
    const User u = make_user(rng, first + i, kGbkFile, UserDirt::kNone, emails);
    std::vector<std::string> f = user_fields(u);
    if (spaced[i]) add_whitespace(rng, f, !kGbkFile.gbk);
    if (bad_age[i]) add_age_dirt(rng, f);
    out += csv_row(f, true, "\n");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The catalog: families of products bought together. Each variant of a family is one affinity
// group; {k} in a template is the variant's k-th word, [a|b|c] a random choice.

enum Category { kElectronics, kBooks, kHome, kClothing, kFood, kBeauty, kSports, kCategories };
constexpr const char* kCategoryNames[] = {"electronics", "books",  "home",  "clothing",
                                          "food",        "beauty", "sports"};
// How often a category is a user's favourite, or the category of an impulse purchase.
constexpr int kCategoryWeights[] = {22, 7, 15, 17, 14, 16, 9};

struct ItemSpec {
  Category category;
  const char* name;
  const char* description;
  const char* tags;  // comma-separated
  int min_yuan, max_yuan;
  int anchor_weight;  // how often the item is what a basket is built around
};

struct VariantSpec {
  std::vector<const char*> words;
  int price_percent;
};

struct FamilySpec {
  std::vector<VariantSpec> variants;
  std::vector<ItemSpec> items;
};

const std::vector<FamilySpec>& families() {
  static const std::vector<FamilySpec> kFamilies = {
      // Phones: {0} model, {1} model in English, {2} brand, {3} brand in English.
      {{{{"华为 Mate 60 Pro", "Huawei Mate 60 Pro", "华为", "Huawei"}, 120},
        {{"小米 14", "Xiaomi 14", "小米", "Xiaomi"}, 80},
        {{"Apple iPhone 15", "iPhone 15", "Apple", "Apple"}, 120},
        {{"OPPO Find X7", "OPPO Find X7", "OPPO", "OPPO"}, 90},
        {{"vivo X100", "vivo X100", "vivo", "vivo"}, 80},
        {{"荣耀 Magic6", "Honor Magic6", "荣耀", "Honor"}, 85},
        {{"一加 12", "OnePlus 12", "一加", "OnePlus"}, 85},
        {{"Redmi K70", "Redmi K70", "小米", "Xiaomi"}, 50}},
       {{kElectronics, "{0} 智能手机, 5G, [128GB|256GB|512GB]",
         "{1} 5G smartphone, [6.1|6.7|6.8] inch OLED screen, [black|white|blue|green]. 旗舰手机, "
         "拍照清晰, 续航持久.",
         "phone,5G,手机,{3}", 4000, 5500, 4},
        {kElectronics, "{0} 手机壳 硅胶保护套 / silicone phone case for {1}",
         "Soft silicone case for the {1}, raised edges protect the camera. 手机壳 防摔 "
         "[黑色|藏青|粉色|透明].",
         "phone-case,手机壳,accessory", 39, 99, 1},
        {kElectronics, "{0} 钢化膜 2片装 / tempered glass screen protector, 2 pack",
         "9H tempered glass for the {1}, anti-fingerprint, bubble-free. 手机贴膜 高清 防指纹.",
         "screen-protector,钢化膜,accessory", 19, 49, 1},
        {kElectronics, "{2} 66W 超级快充充电器 / {3} 66W fast charger, USB-C",
         "Fast wall charger with a 1m USB-C cable, charges the {1} to 50% in 15 minutes. 快充 "
         "充电头 + 数据线.",
         "charger,充电器,USB-C", 99, 199, 1},
        {kElectronics, "{2} 无线蓝牙耳机 降噪 / {3} wireless noise-cancelling earbuds",
         "Bluetooth 5.3 true wireless earbuds with active noise cancelling and 30 hours of "
         "battery with the case. 蓝牙耳机, 主动降噪, 通话清晰.",
         "earbuds,bluetooth,耳机,audio", 399, 1299, 2}}},
      // Laptops: {0} model, {1} model in English.
      {{{{"联想 ThinkPad X1 Carbon", "Lenovo ThinkPad X1 Carbon"}, 130},
        {{"Apple MacBook Air 13 M3", "MacBook Air 13 M3"}, 120},
        {{"华为 MateBook 14", "Huawei MateBook 14"}, 90},
        {{"戴尔 XPS 13", "Dell XPS 13"}, 110},
        {{"小米 RedmiBook Pro 15", "RedmiBook Pro 15"}, 70}},
       {{kElectronics, "{0} 笔记本电脑 / {1} laptop, [16GB|32GB] RAM, [512GB|1TB] SSD",
         "Thin and light laptop for work and study, all-day battery. 轻薄笔记本, 办公学习, 长续航.",
         "laptop,笔记本,computer", 6000, 9000, 4},
        {kElectronics, "[罗技|雷柏|微软] 无线蓝牙鼠标 静音 / silent wireless Bluetooth mouse",
         "Bluetooth + 2.4G dual-mode mouse with silent clicks, pairs with the {1}. 无线鼠标 办公.",
         "mouse,bluetooth,鼠标", 79, 249, 1},
        {kElectronics, "[13|14|15.6] 英寸 笔记本电脑包 / laptop sleeve",
         "Water-resistant sleeve with an accessory pocket, fits the {1}. 电脑内胆包 防泼水.",
         "laptop-bag,电脑包", 69, 199, 1},
        {kElectronics, "[绿联|Anker|倍思] USB-C 扩展坞 7合1 / 7-in-1 USB-C hub, HDMI 4K",
         "HDMI 4K, 3 x USB-A, an SD card reader and 100W pass-through charging for the {1}. "
         "拓展坞 转接头.",
         "usb-c-hub,扩展坞,USB-C", 99, 299, 1},
        {kElectronics, "[Keychron|罗技|Cherry] 机械键盘 蓝牙 / Bluetooth mechanical keyboard",
         "Hot-swappable mechanical keyboard, Bluetooth and wired, works with the {1}. 机械键盘 "
         "[红轴|茶轴|青轴].",
         "keyboard,bluetooth,键盘", 299, 899, 1}}},
      // Tablets: {0} model, {1} model in English, {2} its stylus.
      {{{{"Apple iPad Air 11", "iPad Air 11", "Apple Pencil Pro"}, 100},
        {{"华为 MatePad 11.5", "Huawei MatePad 11.5", "华为 M-Pencil"}, 70},
        {{"小米平板 6", "Xiaomi Pad 6", "小米灵感触控笔"}, 60}},
       {{kElectronics, "{0} 平板电脑 / {1} tablet, [128GB|256GB], Wi-Fi",
         "11-inch tablet for drawing, notes and video. 平板电脑 学习 娱乐 [深空灰|星光色|蓝色].",
         "tablet,平板", 3000, 4800, 4},
        {kElectronics, "{2} 手写笔 / stylus for {1}",
         "Pressure-sensitive stylus with magnetic charging for the {1}. 手写笔 绘画 笔记.",
         "stylus,手写笔", 299, 999, 1},
        {kElectronics, "{0} 键盘保护套 / keyboard folio cover for {1}",
         "Folio cover with a Bluetooth keyboard and trackpad for the {1}. 键盘保护套.",
         "keyboard,bluetooth,tablet-case", 399, 899, 1}}},
      // Headphones: {0} model, {1} model in English, {2} brand, {3} brand in English.
      {{{{"索尼 WH-1000XM5", "Sony WH-1000XM5", "索尼", "Sony"}, 120},
        {{"Bose QuietComfort Ultra", "Bose QuietComfort Ultra", "Bose", "Bose"}, 130},
        {{"漫步者 W820NB", "Edifier W820NB", "漫步者", "Edifier"}, 30},
        {{"JBL Tune 770NC", "JBL Tune 770NC", "JBL", "JBL"}, 40}},
       {{kElectronics, "{0} 头戴式蓝牙耳机 降噪 / {1} wireless over-ear headphones",
         "Over-ear Bluetooth headphones with noise cancelling and 30 hours of playback. "
         "头戴式耳机, 主动降噪, 长续航.",
         "headphones,bluetooth,耳机,audio", 1800, 2600, 4},
        {kElectronics, "{2} 便携蓝牙音箱 / {3} portable Bluetooth speaker, IPX7",
         "Waterproof Bluetooth speaker with deep bass, 12 hours of music. 蓝牙音箱 户外 防水.",
         "speaker,bluetooth,音箱,audio", 399, 1299, 2},
        {kElectronics, "{2} 耳机收纳包 / {3} headphone carrying case",
         "Hard shell case for the {1}, with a cable pocket. 耳机包 收纳.", "case,耳机,accessory",
         49, 129, 1}}},
      // The Three-Body trilogy: {0}-{2} volumes, {3} author, {4} edition, {5} publisher.
      {{{{"三体", "三体II 黑暗森林", "三体III 死神永生", "刘慈欣", "中文版", "重庆出版社"}, 100},
        {{"The Three-Body Problem", "The Dark Forest", "Death's End", "Cixin Liu",
          "English edition", "Tor Books"},
         220}},
       {{kBooks, "{0} ({3}) {4}",
         "地球往事三部曲 第一部 / Remembrance of Earth's Past, book 1. Hugo Award-winning science "
         "fiction novel. 科幻小说. {5}.",
         "book,sci-fi,科幻,小说", 23, 39, 3},
        {kBooks, "{1} ({3}) {4}",
         "地球往事三部曲 第二部 / book 2 of the trilogy. 科幻小说, science fiction. {5}.",
         "book,sci-fi,科幻,小说", 25, 42, 1},
        {kBooks, "{2} ({3}) {4}",
         "地球往事三部曲 第三部 / book 3 of the trilogy. 科幻小说, science fiction. {5}.",
         "book,sci-fi,科幻,小说", 28, 45, 1}}},
      // Harry Potter: {0}-{3} volumes, {4} author, {5} publisher, {6} edition.
      {{{{"哈利·波特与魔法石", "哈利·波特与密室", "哈利·波特与阿兹卡班的囚徒", "哈利·波特与火焰杯",
          "J.K. 罗琳", "人民文学出版社", "中文版"},
         100},
        {{"Harry Potter and the Philosopher's Stone", "Harry Potter and the Chamber of Secrets",
          "Harry Potter and the Prisoner of Azkaban", "Harry Potter and the Goblet of Fire",
          "J.K. Rowling", "Bloomsbury", "paperback"},
         180}},
       {{kBooks, "{0} - {4}, {6}",
         "哈利·波特 系列 第1部 / Harry Potter book 1. A fantasy novel for children and adults. "
         "魔幻小说. {5}.",
         "book,fantasy,小说,harry-potter", 29, 59, 3},
        {kBooks, "{1} - {4}, {6}",
         "哈利·波特 系列 第2部 / Harry Potter book 2. 魔幻小说, fantasy. {5}.",
         "book,fantasy,小说,harry-potter", 29, 59, 1},
        {kBooks, "{2} - {4}, {6}",
         "哈利·波特 系列 第3部 / Harry Potter book 3. 魔幻小说, fantasy. {5}.",
         "book,fantasy,小说,harry-potter", 29, 59, 1},
        {kBooks, "{3} - {4}, {6}",
         "哈利·波特 系列 第4部 / Harry Potter book 4. 魔幻小说, fantasy. {5}.",
         "book,fantasy,小说,harry-potter", 35, 69, 1}}},
      // Jin Yong: {0}-{2} novels, {3} edition.
      {{{{"射雕英雄传", "神雕侠侣", "倚天屠龙记", "三联版 精装"}, 120},
        {{"笑傲江湖", "天龙八部", "鹿鼎记", "新修版 平装"}, 100}},
       {{kBooks, "{0} 金庸 {3}", "金庸武侠小说 / a wuxia novel by Jin Yong. 武侠 经典 全四册.",
         "book,wuxia,武侠,小说", 49, 99, 2},
        {kBooks, "{1} 金庸 {3}", "金庸武侠小说 / a wuxia novel by Jin Yong. 武侠 经典.",
         "book,wuxia,武侠,小说", 49, 99, 1},
        {kBooks, "{2} 金庸 {3}", "金庸武侠小说 / a wuxia novel by Jin Yong. 武侠 经典.",
         "book,wuxia,武侠,小说", 49, 99, 1}}},
      // Programming books: {0}-{3} titles, {4} subject.
      {{{{"Clean Code 代码整洁之道", "Refactoring 重构 (第2版)", "Design Patterns 设计模式",
          "The Pragmatic Programmer 程序员修炼之道", "software craftsmanship"},
         100},
        {{"Effective Modern C++", "A Tour of C++ (3rd edition)", "C++ Concurrency in Action",
          "C++ Templates: The Complete Guide", "modern C++"},
         120},
        {{"深入理解计算机系统 CSAPP", "算法导论 Introduction to Algorithms", "编译原理 龙书",
          "数据密集型应用系统设计 DDIA", "computer science"},
         130}},
       {{kBooks, "{0}", "A classic programming book on {4}. 程序员必读 经典 编程书.",
         "book,programming,编程", 59, 139, 2},
        {kBooks, "{1}", "A classic programming book on {4}. 程序员必读 经典 编程书.",
         "book,programming,编程", 59, 139, 1},
        {kBooks, "{2}", "A classic programming book on {4}. 程序员必读 经典 编程书.",
         "book,programming,编程", 59, 139, 1},
        {kBooks, "{3}", "A classic programming book on {4}. 程序员必读 经典 编程书.",
         "book,programming,编程", 59, 139, 1}}},
      // Keigo Higashino: {0}-{2} titles, {3} author.
      {{{{"解忧杂货店", "白夜行", "嫌疑人X的献身", "东野圭吾"}, 100},
        {{"The Miracles of the Namiya General Store", "Journey Under the Midnight Sun",
          "The Devotion of Suspect X", "Keigo Higashino"},
         180}},
       {{kBooks, "{0} - {3}", "东野圭吾 推理小说 / a mystery novel by Keigo Higashino. 悬疑 经典.",
         "book,mystery,推理,小说", 29, 49, 2},
        {kBooks, "{1} - {3}", "东野圭吾 推理小说 / a mystery novel by Keigo Higashino. 悬疑 经典.",
         "book,mystery,推理,小说", 29, 49, 1},
        {kBooks, "{2} - {3}", "东野圭吾 推理小说 / a mystery novel by Keigo Higashino. 悬疑 经典.",
         "book,mystery,推理,小说", 29, 49, 1}}},
      // Picture books: {0}-{2} titles.
      {{{{"小王子 (中英双语)", "安徒生童话 (注音版)", "格林童话 (彩图版)"}, 100},
        {{"The Little Prince", "The Gruffalo", "Where the Wild Things Are"}, 150}},
       {{kBooks, "{0}", "儿童绘本 / a picture book for children aged 3-8. 童话 睡前故事.",
         "book,children,绘本", 19, 39, 2},
        {kBooks, "{1}", "儿童绘本 / a picture book for children aged 3-8. 童话 睡前故事.",
         "book,children,绘本", 19, 39, 1},
        {kBooks, "{2}", "儿童绘本 / a picture book for children aged 3-8. 童话 睡前故事.",
         "book,children,绘本", 19, 39, 1}}},
      // Business books: {0}-{3} titles.
      {{{{"原则 Principles - Ray Dalio", "穷查理宝典 Poor Charlie's Almanack",
          "置身事内 中国政府与经济发展", "思考, 快与慢 Thinking, Fast and Slow"},
         100}},
       {{kBooks, "{0}", "经管畅销书 / a business and economics bestseller. 投资 思维.",
         "book,business,经管", 39, 89, 1},
        {kBooks, "{1}", "经管畅销书 / a business and economics bestseller. 投资 思维.",
         "book,business,经管", 39, 89, 1},
        {kBooks, "{2}", "经管畅销书 / a business and economics bestseller. 经济 政府.",
         "book,business,经管", 39, 89, 1},
        {kBooks, "{3}", "经管畅销书 / a business and economics bestseller. 心理学 思维.",
         "book,business,经管", 39, 89, 1}}},
      // Tea: {0} tea, {1} tea in English, {2} kind, {3} kind in English.
      {{{{"西湖龙井", "West Lake Longjing", "绿茶", "green tea"}, 120},
        {{"安溪铁观音", "Anxi Tieguanyin", "乌龙茶", "oolong tea"}, 100},
        {{"云南普洱", "Yunnan Pu'er", "普洱茶", "pu-erh tea"}, 110},
        {{"武夷山大红袍", "Wuyi Da Hong Pao", "岩茶", "rock tea"}, 130},
        {{"正山小种", "Lapsang Souchong", "红茶", "black tea"}, 90}},
       {{kFood, "{0} {2} 250g 礼盒装 / {1} {3}, 250g gift box",
         "2026年春茶, 香气清高, 回甘持久. Fresh {3} from the 2026 spring harvest. 茶叶 送礼.",
         "tea,茶,{2},{3}", 98, 598, 4},
        {kHome, "[象印|膳魔师|富光|哈尔斯] 不锈钢保温杯 500ml / stainless steel vacuum flask",
         "Stainless steel vacuum flask, 500ml, keeps tea hot for 12 hours. 泡茶保温杯, 带茶滤, "
         "适合{2}.",
         "flask,tea,保温杯", 79, 299, 1},
        {kHome, "[青花|白瓷|汝窑|紫砂] 功夫茶具套装 一壶六杯 / kung fu tea set, 1 teapot & 6 cups",
         "Ceramic tea set for {3}: a teapot, a fair cup and 6 cups. 陶瓷茶具 送礼.",
         "tea-set,tea,茶具", 129, 599, 1},
        {kHome, "[竹制|实木|石材] 茶盘 / tea tray with drainage",
         "Tea tray with a water drawer for brewing {3} gongfu style. 茶盘 茶台.",
         "tea-tray,tea,茶盘", 89, 399, 1}}},
      // Coffee: {0} beans, {1} beans in English, {2} roast, {3} roast in English.
      {{{{"云南小粒咖啡豆", "Yunnan arabica", "中度烘焙", "medium roast"}, 70},
        {{"埃塞俄比亚 耶加雪菲 咖啡豆", "Ethiopia Yirgacheffe", "浅度烘焙", "light roast"}, 120},
        {{"哥伦比亚 慧兰 咖啡豆", "Colombia Huila", "中深烘焙", "medium-dark roast"}, 100}},
       {{kFood, "{0} 454g {2} / {1} coffee beans, {3}, 454g",
         "Single-origin coffee beans, {3}, roasted to order. 现烘 精品咖啡 手冲 意式.",
         "coffee,咖啡,beans", 59, 199, 4},
        {kHome, "[泰摩|Hario|小米] 手摇磨豆机 / manual coffee grinder",
         "Stainless steel burr grinder for {1} beans, adjustable grind size. 磨豆机 咖啡器具.",
         "coffee,grinder,磨豆机", 99, 599, 1},
        {kHome, "手冲咖啡壶 细口壶 600ml / pour-over gooseneck kettle",
         "Gooseneck kettle for pour-over coffee and tea, 600ml. 手冲壶 [不锈钢|哑光黑].",
         "coffee,kettle,手冲", 89, 299, 1},
        {kHome, "陶瓷马克杯 350ml / ceramic coffee mug",
         "Ceramic mug for coffee or tea, 350ml, [白色|燕麦色|雾蓝]. 马克杯 杯子.",
         "mug,coffee,杯子", 29, 89, 1}}},
      // Kitchen: {0} brand, {1} brand in English.
      {{{{"美的", "Midea"}, 80}, {{"苏泊尔", "Supor"}, 90}, {{"象印", "Zojirushi"}, 150}},
       {{kHome, "{0} 智能电饭煲 4L / {1} smart rice cooker, 4L",
         "IH rice cooker with 12 cooking modes and a 24-hour timer. 电饭锅 煮饭 煲汤.",
         "rice-cooker,电饭煲,kitchen", 299, 699, 4},
        {kHome, "{0} 不粘炒锅 32cm / {1} non-stick wok, 32cm",
         "Non-stick wok for gas and induction hobs. 炒锅 不粘锅 少油烟.", "wok,炒锅,kitchen", 149,
         399, 2},
        {kHome, "{0} 不锈钢刀具五件套 / {1} 5-piece knife set",
         "Stainless steel kitchen knives in a block: chef, slicing, bread, utility and paring. "
         "菜刀 刀具套装.",
         "knife,刀具,kitchen", 199, 499, 1},
        {kHome, "{0} 竹砧板 / {1} bamboo cutting board",
         "Bamboo cutting board, 40 x 28 cm. 菜板 砧板 [大号|中号].", "cutting-board,砧板,kitchen",
         49, 129, 1}}},
      // Bedding: {0} brand, {1} brand in English.
      {{{{"罗莱", "Luolai"}, 120},
        {{"水星家纺", "Mercury Home"}, 100},
        {{"MUJI 无印良品", "MUJI"}, 110}},
       {{kHome, "{0} 乳胶枕 / {1} latex pillow",
         "Natural latex pillow with neck support and a removable cover. 枕头 护颈.",
         "pillow,枕头,bedding", 99, 399, 2},
        {kHome, "{0} 蚕丝被 冬被 / {1} silk duvet, winter weight",
         "Mulberry silk duvet, 200 x 230 cm, warm and light. 被子 蚕丝被.", "duvet,被子,bedding",
         599, 1999, 3},
        {kHome, "{0} 纯棉四件套 1.8m / {1} cotton bedding set, 4 pieces",
         "100% cotton duvet cover, sheet and two pillowcases for a 1.8m bed. 床上用品 "
         "[灰色|米白|浅蓝].",
         "bedding,四件套,cotton", 299, 899, 1}}},
      // Robot vacuums: {0} model, {1} model in English.
      {{{{"石头 G20", "Roborock G20"}, 110},
        {{"科沃斯 X2", "Ecovacs Deebot X2"}, 100},
        {{"追觅 L20", "Dreame L20"}, 95}},
       {{kHome, "{0} 扫地机器人 扫拖一体 / {1} robot vacuum and mop",
         "Robot vacuum with mopping, LiDAR navigation and a self-emptying dock. 扫地机 智能家居.",
         "robot-vacuum,扫地机器人,smart-home", 2999, 4999, 4},
        {kHome, "{0} HEPA 滤网 3个装 / HEPA filters for {1}, 3 pack",
         "Replacement HEPA filters for the {1}. 扫地机配件 滤网.", "filter,配件,robot-vacuum", 49,
         99, 1},
        {kHome, "{0} 拖布 4片装 / mop pads for {1}, 4 pack",
         "Washable microfiber mop pads for the {1}. 拖布 配件.", "mop,配件,robot-vacuum", 39, 89,
         1}}},
      // Winter clothes: {0} brand, {1} brand in English.
      {{{{"波司登", "Bosideng"}, 100},
        {{"优衣库", "Uniqlo"}, 50},
        {{"北面", "The North Face"}, 130}},
       {{kClothing, "{0} 连帽羽绒服 男女同款 / {1} hooded down jacket, unisex",
         "90% white duck down, water-repellent shell, [黑色|藏青|卡其|白色]. 羽绒服 保暖 冬季.",
         "down-jacket,羽绒服,winter", 599, 1499, 4},
        {kClothing, "{0} 羊毛围巾 / {1} wool scarf",
         "Soft merino wool scarf, 180 x 30 cm. 围巾 保暖 送礼.", "scarf,围巾,winter", 99, 299, 1},
        {kClothing, "{0} 触屏保暖手套 / {1} touchscreen winter gloves",
         "Fleece-lined gloves with touchscreen fingertips. 手套 保暖.", "gloves,手套,winter", 59,
         199, 1},
        {kClothing, "{0} 针织帽 / {1} knit beanie", "Rib-knit beanie, one size. 毛线帽 冬季.",
         "beanie,帽子,winter", 49, 149, 1}}},
      // Casual clothes: {0} brand, {1} brand in English.
      {{{{"优衣库", "Uniqlo"}, 60},
        {{"Levi's", "Levi's"}, 130},
        {{"李宁", "Li-Ning"}, 90},
        {{"Zara", "Zara"}, 100}},
       {{kClothing, "{0} 纯棉圆领T恤 / {1} cotton crew-neck T-shirt, [white|black|grey]",
         "100% cotton T-shirt, regular fit. T恤 短袖 夏季.", "t-shirt,T恤,cotton", 59, 199, 2},
        {kClothing, "{0} 修身牛仔裤 / {1} slim-fit jeans",
         "Stretch denim jeans, slim fit, [深蓝|浅蓝|黑色]. 牛仔裤.", "jeans,牛仔裤", 199, 699, 3},
        {kClothing, "{0} 帆布鞋 / {1} canvas sneakers",
         "Classic canvas sneakers with a rubber sole. 帆布鞋 休闲鞋.", "sneakers,帆布鞋,shoes", 199,
         499, 2},
        {kClothing, "{0} 棉袜 5双装 / {1} cotton socks, 5 pairs",
         "Breathable cotton socks, 5 pairs. 袜子.", "socks,袜子,cotton", 29, 79, 1}}},
      // Office clothes: {0} brand, {1} brand in English.
      {{{{"雅戈尔", "Youngor"}, 100}, {{"海澜之家", "HLA"}, 80}},
       {{kClothing, "{0} 免烫商务衬衫 / {1} non-iron dress shirt",
         "Non-iron cotton dress shirt, [白色|浅蓝|条纹]. 衬衫 商务 通勤.", "shirt,衬衫,office", 199,
         499, 3},
        {kClothing, "{0} 西裤 / {1} suit trousers",
         "Wool-blend suit trousers, straight fit. 西裤 正装.", "trousers,西裤,office", 299, 699, 2},
        {kClothing, "{0} 真皮皮带 / {1} leather belt",
         "Genuine leather belt with an automatic buckle. 皮带 男士.", "belt,皮带,office", 129, 399,
         1}}},
      // Snacks: {0} brand, {1} brand in English.
      {{{{"三只松鼠", "Three Squirrels"}, 100},
        {{"良品铺子", "Bestore"}, 105},
        {{"百草味", "Be&Cheery"}, 95}},
       {{kFood, "{0} 每日坚果 30包 / {1} daily mixed nuts, 30 packs",
         "Mixed nuts and dried fruit, one pack a day: walnuts, cashews, almonds, cranberries. "
         "坚果 零食.",
         "nuts,坚果,snacks", 99, 169, 3},
        {kFood, "{0} 五香牛肉干 / {1} spiced beef jerky",
         "Beef jerky, 200g. 牛肉干 零食 [五香|麻辣|孜然].", "jerky,牛肉干,snacks", 39, 89, 1},
        {kFood, "{0} 芒果干 / {1} dried mango",
         "Dried mango slices, 500g, no added sugar. 芒果干 果干.", "dried-fruit,芒果干,snacks", 19,
         49, 1},
        {kFood, "{0} 零食大礼包 / {1} snack gift box",
         "A gift box of 20 snacks: nuts, jerky, cakes and dried fruit. 零食礼包 送礼.",
         "gift-box,零食,snacks", 69, 199, 1}}},
      // Pantry: {0} brand, {1} brand in English.
      {{{{"北大荒", "Beidahuang"}, 100},
        {{"金龙鱼", "Arawana"}, 90},
        {{"十月稻田", "Shiyue Daotian"}, 110}},
       {{kFood, "{0} 五常大米 5kg / {1} Wuchang rice, 5kg",
         "Wuchang Daohuaxiang fragrant rice from Heilongjiang, 2025 harvest. 大米 东北米.",
         "rice,大米,pantry", 59, 129, 3},
        {kFood, "{0} 特级初榨橄榄油 1L / {1} extra virgin olive oil, 1L",
         "Cold-pressed extra virgin olive oil for salads and cooking. 橄榄油 食用油.",
         "olive-oil,橄榄油,pantry", 69, 169, 1},
        {kFood, "{0} 生抽酱油 500ml / {1} light soy sauce, 500ml",
         "Naturally brewed light soy sauce. 酱油 调味.", "soy-sauce,酱油,pantry", 9, 29, 1}}},
      // Mooncakes: {0} brand, {1} brand in English.
      {{{{"稻香村", "Daoxiangcun"}, 100},
        {{"美心", "Maxim's"}, 130},
        {{"杏花楼", "Xinghualou"}, 110}},
       {{kFood, "{0} 月饼礼盒 中秋 / {1} mooncake gift box, Mid-Autumn",
         "8 mooncakes: lotus seed paste, red bean, five kernels and egg yolk. 月饼 中秋节 送礼.",
         "mooncake,月饼,gift-box", 128, 398, 3},
        {kFood, "{0} 糕点礼盒 / {1} pastry gift box",
         "Traditional Chinese pastries, 12 pieces. 糕点 点心 送礼.", "pastry,糕点,gift-box", 68,
         198, 1}}},
      // Skincare: {0} brand, {1} brand in English.
      {{{{"兰蔻", "Lancôme"}, 150},
        {{"雅诗兰黛", "Estée Lauder"}, 150},
        {{"资生堂", "Shiseido"}, 120},
        {{"百雀羚", "Pechoin"}, 40},
        {{"珀莱雅", "Proya"}, 50}},
       {{kBeauty, "{0} 氨基酸洁面乳 125ml / {1} gentle foaming cleanser, 125ml",
         "Gentle amino-acid cleanser for all skin types. 洗面奶 温和清洁.",
         "cleanser,洗面奶,skincare", 99, 299, 1},
        {kBeauty, "{0} 保湿爽肤水 200ml / {1} hydrating toner, 200ml",
         "Hydrating toner with hyaluronic acid. 爽肤水 补水.", "toner,爽肤水,skincare", 149, 399,
         1},
        {kBeauty, "{0} 保湿面霜 50ml / {1} moisturizing cream, 50ml",
         "Rich moisturizing cream for day and night. 面霜 保湿 修护.", "cream,面霜,skincare", 299,
         899, 3},
        {kBeauty, "{0} 防晒霜 SPF50+ / {1} sunscreen SPF50+ PA++++",
         "Lightweight sunscreen, water resistant. 防晒 隔离.", "sunscreen,防晒,skincare", 129, 329,
         2}}},
      // Makeup: {0} brand, {1} brand in English.
      {{{{"迪奥", "Dior"}, 130},
        {{"YSL 圣罗兰", "YSL"}, 130},
        {{"花西子", "Florasis"}, 60},
        {{"完美日记", "Perfect Diary"}, 40}},
       {{kBeauty, "{0} 哑光口红 #[999|888|520|316] / {1} matte lipstick",
         "Long-lasting matte lipstick, 3.5g. 口红 唇膏 送礼.", "lipstick,口红,makeup", 149, 399, 3},
        {kBeauty, "{0} 持妆粉底液 30ml / {1} long-wear liquid foundation, 30ml",
         "Medium coverage foundation, 24h wear, [象牙白|自然色|小麦色]. 粉底液.",
         "foundation,粉底液,makeup", 199, 599, 2},
        {kBeauty, "{0} 卸妆水 400ml / {1} micellar cleansing water, 400ml",
         "Micellar water removes makeup and sunscreen. 卸妆 温和.", "makeup-remover,卸妆水,makeup",
         59, 199, 1}}},
      // Hair care: {0} brand, {1} brand in English.
      {{{{"海飞丝", "Head & Shoulders"}, 60},
        {{"潘婷", "Pantene"}, 60},
        {{"卡诗", "Kérastase"}, 200}},
       {{kBeauty, "{0} 洗发水 750ml / {1} shampoo, 750ml",
         "Shampoo for [dry|oily|normal] hair. 洗发露 去屑 控油.", "shampoo,洗发水,haircare", 59,
         149, 3},
        {kBeauty, "{0} 护发素 400ml / {1} conditioner, 400ml",
         "Conditioner that detangles and smooths. 护发 柔顺.", "conditioner,护发素,haircare", 49,
         129, 1},
        {kBeauty, "{0} 修护发膜 / {1} repairing hair mask",
         "Weekly repairing mask for damaged hair. 发膜 修护.", "hair-mask,发膜,haircare", 59, 199,
         1},
        {kBeauty, "[戴森 Dyson|松下 Panasonic|飞科 FLYCO] 负离子吹风机 / ionic hair dryer",
         "Fast-drying ionic hair dryer with 3 heat settings. 吹风机 速干 护发.",
         "hair-dryer,吹风机,haircare", 199, 899, 1}}},
      // Running: {0} brand, {1} brand in English.
      {{{{"耐克", "Nike"}, 130},
        {{"李宁", "Li-Ning"}, 90},
        {{"安踏", "Anta"}, 80},
        {{"亚瑟士", "ASICS"}, 120}},
       {{kSports, "{0} 缓震跑步鞋 / {1} cushioned running shoes",
         "Lightweight running shoes with responsive cushioning for daily training and marathons. "
         "跑鞋 透气 [男款|女款].",
         "running-shoes,跑鞋,running", 399, 999, 4},
        {kSports, "{0} 运动袜 3双装 / {1} running socks, 3 pairs",
         "Moisture-wicking running socks with arch support. 运动袜.", "socks,袜子,running", 39, 99,
         1},
        {kSports, "{0} 跑步腰包 / {1} running belt for your phone",
         "Slim running belt that holds a phone, keys and gels. 腰包 手机包.",
         "running-belt,腰包,running", 59, 149, 1},
        {kSports, "{0} 速干运动短裤 / {1} quick-dry running shorts",
         "Quick-dry shorts with a zip pocket. 运动短裤 速干.", "shorts,短裤,running", 99, 299, 1}}},
      // Sports watches: {0} model, {1} model in English.
      {{{{"华为 Watch GT 4", "Huawei Watch GT 4"}, 100},
        {{"佳明 Forerunner 265", "Garmin Forerunner 265"}, 140},
        {{"小米手环 8", "Xiaomi Smart Band 8"}, 15}},
       {{kSports, "{0} 运动手表 / {1} GPS sports watch, heart rate",
         "GPS running watch with heart rate, SpO2, sleep tracking and 14 days of battery. "
         "智能手表 运动 蓝牙通话.",
         "watch,手表,running,bluetooth", 1499, 2999, 4},
        {kSports, "{0} 硅胶表带 / silicone strap for {1}",
         "Replacement silicone strap for the {1}, [黑色|白色|橙色]. 表带.", "strap,表带,watch", 49,
         129, 1}}},
      // Yoga: {0} brand, {1} brand in English.
      {{{{"Lululemon", "Lululemon"}, 150}, {{"Keep", "Keep"}, 60}, {{"迪卡侬", "Decathlon"}, 50}},
       {{kSports, "{0} 瑜伽垫 6mm / {1} yoga mat, 6mm",
         "Non-slip TPE yoga mat, 183 x 61 cm, with a carry strap. 瑜伽垫 健身垫.",
         "yoga-mat,瑜伽垫,yoga", 99, 399, 4},
        {kSports, "{0} 瑜伽砖 2块装 / {1} yoga blocks, 2 pack",
         "High-density EVA yoga blocks. 瑜伽砖.", "yoga-block,瑜伽砖,yoga", 39, 99, 1},
        {kSports, "{0} 高腰瑜伽裤 / {1} high-rise yoga leggings",
         "Buttery-soft high-rise leggings, 25\" inseam. 瑜伽裤 健身裤.", "leggings,瑜伽裤,yoga",
         199, 699, 2}}},
      // Badminton: {0} brand, {1} brand in English.
      {{{{"尤尼克斯", "Yonex"}, 130}, {{"李宁", "Li-Ning"}, 90}, {{"威克多", "Victor"}, 100}},
       {{kSports, "{0} 全碳素羽毛球拍 / {1} carbon badminton racket",
         "Full carbon racket, 4U, strung at 26 lbs. 羽毛球拍 进攻型.", "badminton,羽毛球拍,racket",
         199, 999, 4},
        {kSports, "{0} 羽毛球 12只装 / {1} shuttlecocks, 12 pack",
         "Durable goose-feather shuttlecocks for training and matches. 羽毛球 耐打.",
         "badminton,羽毛球,shuttlecock", 59, 129, 2},
        {kSports, "{0} 手胶 5条装 / {1} racket grip tape, 5 pack",
         "Absorbent overgrip for badminton and tennis rackets. 手胶 吸汗.", "grip,手胶,badminton",
         19, 49, 1}}},
      // Basketball: {0} brand, {1} brand in English.
      {{{{"斯伯丁", "Spalding"}, 100}, {{"威尔胜", "Wilson"}, 110}, {{"摩腾", "Molten"}, 120}},
       {{kSports, "{0} 7号篮球 室内外 / {1} size 7 basketball, indoor/outdoor",
         "Composite leather basketball with a deep channel design. 篮球 比赛用球.",
         "basketball,篮球,ball", 149, 399, 4},
        {kSports, "{0} 打气筒 / {1} ball pump with needles",
         "Dual-action ball pump with two needles. 打气筒 配件.", "pump,打气筒,basketball", 19, 49,
         1},
        {kSports, "{0} 运动护膝 / {1} knee sleeves",
         "Compression knee sleeves for basketball and running, a pair. 护膝.",
         "knee-sleeve,护膝,basketball", 59, 199, 1}}},
  };
  return kFamilies;
}

// Expands {k} (the k-th variant word) and [a|b|c] (one alternative at random).
std::string expand(Rng& rng, std::string_view tmpl, const std::vector<const char*>& words) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      const size_t close = tmpl.find('}', i);
      out += words.at(std::stoi(std::string(tmpl.substr(i + 1, close - i - 1))));
      i = close;
    } else if (tmpl[i] == '[') {
      const size_t close = tmpl.find(']', i);
      std::vector<std::string_view> choices;
      for (size_t start = i + 1;;) {
        const size_t bar = std::min(tmpl.find('|', start), close);
        choices.push_back(tmpl.substr(start, bar - start));
        if (bar == close) break;
        start = bar + 1;
      }
      out += rng.pick(choices);
      i = close;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

struct Product {
  std::string id;
  Category category;
  std::string name, description;
  std::vector<std::string> tags;
  int64_t cents = 0;  // the real list price
  int stock = 0;
  int anchor_weight = 1;
};

struct Catalog {
  std::vector<Product> products;
  std::vector<std::vector<int>> groups;  // product indices per affinity group (family variant)
};

// A list price that looks like one: 5999.00, 299.00, 58.90, 129.99, 45.50.
int64_t list_price(Rng& rng, int yuan) {
  yuan = std::max(yuan, 1);
  if (yuan >= 1000) return (yuan - yuan % 100 + 99) * 100LL;
  switch (rng.weighted({6, 2, 1, 1})) {
    case 0:
      return (yuan >= 10 ? yuan - yuan % 10 + 9 : yuan) * 100LL;
    case 1:
      return yuan * 100LL - 10;
    case 2:
      return yuan * 100LL - 1;
    default:
      return yuan * 100LL - 50;
  }
}

Catalog make_catalog(Rng& rng, int count) {
  std::vector<std::pair<int, int>> variants;  // (family, variant)
  for (size_t f = 0; f < families().size(); ++f)
    for (size_t v = 0; v < families()[f].variants.size(); ++v)
      variants.emplace_back(static_cast<int>(f), static_cast<int>(v));
  rng.shuffle(variants);
  Catalog c;
  for (int round = 0; static_cast<int>(c.products.size()) < count; ++round) {
    for (const auto& [f, v] : variants) {
      const FamilySpec& family = families()[f];
      const VariantSpec& variant = family.variants[v];
      c.groups.emplace_back();
      for (const ItemSpec& item : family.items) {
        if (static_cast<int>(c.products.size()) == count) break;
        Product p;
        p.id = "p-" + padded(static_cast<int64_t>(c.products.size()) + 1, 4);
        p.category = item.category;
        p.name = expand(rng, item.name, variant.words);
        if (round > 0) {
          const std::string style = std::to_string(round + 1);
          p.name += " - 款式 " + style + " / style " + style;
        }
        p.description = expand(rng, item.description, variant.words);
        const std::string tags = expand(rng, item.tags, variant.words);
        for (size_t start = 0; start <= tags.size();) {
          const size_t comma = std::min(tags.find(',', start), tags.size());
          p.tags.push_back(tags.substr(start, comma - start));
          start = comma + 1;
        }
        p.cents =
            list_price(rng, rng.range(item.min_yuan, item.max_yuan) * variant.price_percent / 100);
        p.stock = rng.percent(5) ? 0 : rng.percent(60) ? rng.range(1, 50) : rng.range(51, 500);
        p.anchor_weight = item.anchor_weight;
        c.groups.back().push_back(static_cast<int>(c.products.size()));
        c.products.push_back(std::move(p));
      }
      if (static_cast<int>(c.products.size()) == count) break;
    }
  }
  return c;
}

enum class PriceDirt { kNone, kMissing, kNegative, kThousands };
enum class DescriptionDirt { kNone, kAmpersand, kCdata };

constexpr const char* kCdataTail =
    "</p><ul><li>正品保证 / genuine</li><li>7天无理由退货 & 包邮 / 7-day returns</li></ul>";

std::string catalog_xml(Rng& rng, const Catalog& c) {
  const int p = static_cast<int>(c.products.size());
  const bool dirty = p >= 100;
  auto price_dirt =
      assign_dirt<PriceDirt>(rng, p, PriceDirt::kNone,
                             {{PriceDirt::kMissing, p * 2 / 100}, {PriceDirt::kNegative, p / 100}});
  std::vector<int> expensive;  // still clean and priced 1000 or more
  for (int i = 0; i < p; ++i)
    if (price_dirt[i] == PriceDirt::kNone && c.products[i].cents >= 100000) expensive.push_back(i);
  rng.shuffle(expensive);
  expensive.resize(std::min<size_t>(expensive.size(), dirty ? std::max(2, p / 100) : p / 100));
  for (int i : expensive) price_dirt[i] = PriceDirt::kThousands;
  const auto no_stock = assign_dirt<bool>(rng, p, false, {{true, p * 3 / 100}});
  const auto description_dirt = assign_dirt<DescriptionDirt>(
      rng, p, DescriptionDirt::kNone,
      {{DescriptionDirt::kAmpersand, p * 3 / 100},
       {DescriptionDirt::kCdata, dirty ? std::max(2, p * 2 / 100) : p * 2 / 100}});

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog>\n";
  int missing = 0;
  for (int i = 0; i < p; ++i) {
    const Product& prod = c.products[i];
    out +=
        "  <product id=\"" + prod.id + "\" category=\"" + kCategoryNames[prod.category] + "\">\n";
    out += "    <name>" + xml_escaped(prod.name) + "</name>\n";
    switch (description_dirt[i]) {
      case DescriptionDirt::kNone:
        out += "    <description>" + xml_escaped(prod.description) + "</description>\n";
        break;
      case DescriptionDirt::kAmpersand:
        out += "    <description>" +
               xml_escaped(prod.description + " 限时优惠 & 包邮 / limited offer & free shipping.") +
               "</description>\n";
        break;
      case DescriptionDirt::kCdata:
        out += "    <description><![CDATA[<p><b>热卖</b> " + prod.description + kCdataTail +
               "]]></description>\n";
        break;
    }
    std::string price = price_text(prod.cents);
    switch (price_dirt[i]) {
      case PriceDirt::kNone:
        break;
      case PriceDirt::kMissing:
        price = missing++ % 2 == 0 ? "N/A" : "";
        break;
      case PriceDirt::kNegative:
        price = "-" + price;
        break;
      case PriceDirt::kThousands:
        price = with_thousands(price);
        break;
    }
    out += "    <price currency=\"CNY\">" + price + "</price>\n";
    if (!no_stock[i]) out += "    <stock>" + std::to_string(prod.stock) + "</stock>\n";
    out += "    <tags>";
    for (const std::string& tag : prod.tags) out += "<tag>" + xml_escaped(tag) + "</tag>";
    out += "</tags>\n  </product>\n";
  }
  return out + "</catalog>\n";
}

// ---------------------------------------------------------------------------------------------
// Orders.

const int64_t kOrdersFirst = days_from_civil(2026, 1, 1);
const int64_t kOrdersLast = days_from_civil(2026, 11, 20);
const int64_t kSecondHalf = days_from_civil(2026, 7, 1);

int64_t day_of(int m, int d) { return days_from_civil(2026, m, d); }
bool between(int64_t day, int m1, int d1, int m2, int d2) {
  return day >= day_of(m1, d1) && day <= day_of(m2, d2);
}

// How busy a day is, in arbitrary integer units.
int64_t day_weight(Rng& rng, int64_t day) {
  int64_t w = 1000;
  const int wd = weekday(day);
  if (wd == 0 || wd == 6) w = w * 140 / 100;
  if (wd == 5) w = w * 110 / 100;
  w = w * (100 + 30 * (day - kOrdersFirst) / (kOrdersLast - kOrdersFirst)) / 100;  // growth
  if (between(day, 2, 14, 2, 22))
    w = w * (day == day_of(2, 17) ? 40 : 60) / 100;  // Spring Festival
  if (between(day, 6, 1, 6, 15)) w = w * 125 / 100;  // 6.18 pre-sale
  if (between(day, 6, 16, 6, 17)) w = w * 170 / 100;
  if (day == day_of(6, 18)) w = w * 380 / 100;
  if (between(day, 6, 19, 6, 20)) w = w * 130 / 100;
  if (between(day, 10, 20, 11, 9)) w = w * 125 / 100;  // 11.11 pre-sale
  if (day == day_of(11, 10)) w = w * 180 / 100;
  if (day == day_of(11, 11)) w = w * 550 / 100;
  if (day == day_of(11, 12)) w = w * 140 / 100;
  return w * rng.range(88, 112) / 100;
}

bool promotion(int64_t day) { return between(day, 6, 1, 6, 20) || between(day, 10, 20, 11, 12); }

// Orders per day: m shared out in proportion to the day weights (largest remainder).
std::vector<int> orders_per_day(Rng& rng, int m) {
  const int days = static_cast<int>(kOrdersLast - kOrdersFirst + 1);
  std::vector<int64_t> w(days);
  for (int i = 0; i < days; ++i) w[i] = day_weight(rng, kOrdersFirst + i);
  const int64_t total = std::accumulate(w.begin(), w.end(), int64_t{0});
  std::vector<int> counts(days);
  std::vector<std::pair<int64_t, int>> remainders;
  int given = 0;
  for (int i = 0; i < days; ++i) {
    counts[i] = static_cast<int>(m * w[i] / total);
    given += counts[i];
    remainders.emplace_back(m * w[i] % total, i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (int i = 0; given < m; ++i, ++given) ++counts[remainders[i].second];
  return counts;
}

// A second of the day, busiest in the evening; the night of 6.18 and 11.11 starts with a rush.
int order_second(Rng& rng, int64_t day) {
  std::vector<int> hours = {30, 15, 8,  5,  4,  5,  10, 25, 40,  55,  65, 70,
                            75, 65, 60, 60, 60, 60, 65, 80, 100, 110, 95, 60};
  if (day == day_of(11, 11)) hours[0] *= 8;
  if (day == day_of(6, 18)) hours[0] *= 4;
  return rng.weighted(hours) * 3600 + rng.below(3600);
}

struct Shopper {
  std::string id;
  std::vector<int> favourites;  // categories
};

enum class OrderDirt { kNone, kStatusCase, kBadQty, kUnknownUser, kNoCreatedAt, kDuplicate };

struct Line {
  int product;
  std::string qty;  // JSON text
  int64_t cents;
};

struct Order {
  std::string json;
  int64_t day = 0;
  OrderDirt dirt = OrderDirt::kNone;
};

class Basket {
 public:
  // Draws the groups' popularity: a few best sellers, a long tail.
  Basket(Rng& rng, const Catalog& c)
      : catalog_(c), in_category_(kCategories), category_weights_(kCategories) {
    static constexpr int kPopularity[] = {1, 1, 1, 2, 2, 3, 5, 8};
    std::vector<int> popularity;
    for (size_t g = 0; g < c.groups.size(); ++g) popularity.push_back(rng.pick(kPopularity));
    for (int cat = 0; cat < kCategories; ++cat) {
      std::vector<int> weights;
      for (size_t g = 0; g < c.groups.size(); ++g) {
        if (std::any_of(c.groups[g].begin(), c.groups[g].end(),
                        [&](int p) { return c.products[p].category == cat; })) {
          in_category_[cat].push_back(static_cast<int>(g));
          weights.push_back(popularity[g]);
        }
      }
      by_popularity_.emplace_back(weights);
      category_weights_[cat] = weights.empty() ? 0 : kCategoryWeights[cat];
    }
  }

  // A category that has products.
  int random_category(Rng& rng) const { return rng.weighted(category_weights_); }

  // The products of one basket: an anchor in `category` (one random_category() returns), mostly
  // completed from the anchor's group.
  std::vector<int> fill(Rng& rng, int category) const {
    const std::vector<int>& groups = in_category_[category];
    const std::vector<int>& group = catalog_.groups[groups[by_popularity_[category].draw(rng)]];
    std::vector<int> basket = {pick_from(rng, group, category)};
    const int lines = 1 + rng.weighted({40, 30, 20, 10});
    for (int attempt = 0; static_cast<int>(basket.size()) < lines && attempt < 8; ++attempt) {
      const int r = rng.below(100);
      int p;
      if (r < 70) {
        p = pick_from(rng, group, -1);
      } else if (r < 85) {
        p = pick_from(rng, catalog_.groups[rng.pick(groups)], category);
      } else {
        p = rng.below(static_cast<int>(catalog_.products.size()));
      }
      if (std::find(basket.begin(), basket.end(), p) == basket.end()) basket.push_back(p);
    }
    return basket;
  }

 private:
  // A product of the group (of `category`, when >= 0 and the group has one), by anchor weight.
  int pick_from(Rng& rng, const std::vector<int>& group, int category) const {
    std::vector<int> weights;
    for (int p : group) {
      const bool fits = category < 0 || catalog_.products[p].category == category;
      weights.push_back(fits ? catalog_.products[p].anchor_weight : 0);
    }
    if (std::accumulate(weights.begin(), weights.end(), 0) == 0) return rng.pick(group);
    return group[rng.weighted(weights)];
  }

  const Catalog& catalog_;
  std::vector<std::vector<int>> in_category_;  // groups with a product of the category
  std::vector<WeightedIndex> by_popularity_;   // over in_category_, per category
  std::vector<int> category_weights_;
};

// Ids, timestamps and statuses: nothing in them needs escaping.
std::string json_string(const std::string& s) { return "\"" + s + "\""; }

std::string order_json(const std::string& order_id, const std::string& user,
                       const std::string* created, const std::string& status,
                       const std::vector<Line>& lines, const Catalog& c) {
  std::string j = "{\"order_id\": " + json_string(order_id) + ", \"user_id\": " + json_string(user);
  if (created) j += ", \"created_at\": " + json_string(*created);
  j += ", \"status\": " + json_string(status) + ", \"lines\": [";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) j += ", ";
    j += "{\"product_id\": " + json_string(c.products[lines[i].product].id) +
         ", \"qty\": " + lines[i].qty + ", \"unit_price\": " + price_number(lines[i].cents) + "}";
  }
  return j + "]}";
}

std::string status_for(Rng& rng, int64_t day, bool odd_case) {
  static constexpr const char* kStatuses[] = {"paid", "shipped", "cancelled", "refunded"};
  const bool recent = day > kOrdersLast - 3;
  std::string s = kStatuses[recent ? rng.weighted({85, 5, 10, 0}) : rng.weighted({60, 25, 9, 6})];
  if (!odd_case) return s;
  switch (rng.below(5)) {
    case 0:
      return upper_ascii(s);
    case 1:
      return capitalized(s);
    case 2:
      return capitalized(s) + " ";
    case 3:
      return " " + s;
    default:
      return upper_ascii(s) + " ";
  }
}

std::vector<Order> make_orders(Rng& rng, int m, int users, const Catalog& catalog) {
  const Basket basket(rng, catalog);
  std::vector<Shopper> shoppers(users);
  std::vector<int> activity(users);
  for (int i = 0; i < users; ++i) {
    shoppers[i].id = user_id(i + 1);
    const int favourites = rng.percent(60) ? 1 : 2;
    for (int k = 0; k < favourites; ++k)
      shoppers[i].favourites.push_back(basket.random_category(rng));
    const int r = rng.below(100);
    activity[i] = r < 55   ? 1
                  : r < 85 ? rng.range(2, 4)
                  : r < 97 ? rng.range(5, 10)
                           : rng.range(15, 30);
  }
  const WeightedIndex by_activity(activity);

  const auto dirt =
      assign_dirt<OrderDirt>(rng, m, OrderDirt::kNone,
                             {{OrderDirt::kStatusCase, m * 3 / 100},
                              {OrderDirt::kBadQty, m / 100},
                              {OrderDirt::kUnknownUser, m / 200},
                              {OrderDirt::kNoCreatedAt, m / 200},
                              {OrderDirt::kDuplicate, m >= 200 ? std::max(3, m / 400) : m / 400}});
  const std::vector<int> per_day = orders_per_day(rng, m);
  std::vector<Order> orders;
  orders.reserve(m);
  for (size_t d = 0; d < per_day.size(); ++d) {
    const int64_t day = kOrdersFirst + static_cast<int64_t>(d);
    std::vector<int> seconds(per_day[d]);
    for (int& s : seconds) s = order_second(rng, day);
    std::sort(seconds.begin(), seconds.end());
    for (int second : seconds) {
      const int n = static_cast<int>(orders.size());
      Order o;
      o.day = day;
      o.dirt = dirt[n];
      const Shopper& shopper = shoppers[by_activity.draw(rng)];
      const int category =
          rng.percent(75) ? rng.pick(shopper.favourites) : basket.random_category(rng);
      std::vector<Line> lines;
      for (int p : basket.fill(rng, category)) {
        const int qty = 1 + rng.weighted({82, 12, 4, 1, 1});
        int64_t cents = catalog.products[p].cents;
        if (promotion(day) && rng.percent(40))
          cents = (cents * rng.range(85, 95) + 500) / 1000 * 10;
        lines.push_back({p, std::to_string(qty), cents});
      }
      if (o.dirt == OrderDirt::kBadQty) {
        static constexpr const char* kBadQty[] = {"\"one\"", "\"two\"", "\"three\"",
                                                  "0",       "-1",      "-2"};
        lines[rng.below(static_cast<int>(lines.size()))].qty = rng.pick(kBadQty);
      }
      const std::string user = o.dirt == OrderDirt::kUnknownUser
                                   ? user_id(users + 1 + rng.below(std::max(10, users / 2)))
                                   : shopper.id;
      const std::string created = iso_date(day) + "T" + clock_time(second) + "+08:00";
      o.json = order_json("o-" + padded(n + 1, 6), user,
                          o.dirt == OrderDirt::kNoCreatedAt ? nullptr : &created,
                          status_for(rng, day, o.dirt == OrderDirt::kStatusCase), lines, catalog);
      orders.push_back(std::move(o));
    }
  }
  return orders;
}

struct FileLine {
  OrderDirt dirt;
  std::string text;
};

// The lines of one file: each order, and each duplicate again 1-5 orders later.
std::vector<FileLine> order_lines(Rng& rng, const std::vector<Order>& orders, size_t begin,
                                  size_t end) {
  std::vector<FileLine> out;
  std::vector<std::pair<size_t, const Order*>> pending;  // (emit after order, order)
  for (size_t i = begin; i < end; ++i) {
    out.push_back({orders[i].dirt, orders[i].json});
    if (orders[i].dirt == OrderDirt::kDuplicate)
      pending.emplace_back(std::min(i + rng.range(1, 5), end - 1), &orders[i]);
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->first == i) {
        out.push_back({OrderDirt::kDuplicate, it->second->json});
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
  }
  return out;
}

std::string orders_array(const std::vector<FileLine>& lines) {
  std::string out = "[\n";
  for (size_t i = 0; i < lines.size(); ++i)
    out += "  " + lines[i].text + (i + 1 < lines.size() ? ",\n" : "\n");
  return out + "]\n";
}

// NDJSON with two broken lines (one cut off, one with a stray comma) and a blank line.
std::string orders_ndjson(Rng& rng, std::vector<FileLine> lines) {
  std::vector<size_t> clean;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].dirt == OrderDirt::kNone) clean.push_back(i);
  if (lines.size() >= 50 && clean.size() >= 2) {
    rng.shuffle(clean);
    std::string& cut = lines[clean[0]].text;
    cut.resize(cut.size() * 3 / 5);
    lines[clean[1]].text += ",";
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(lines.size() / 2),
                 {OrderDirt::kNone, ""});
  }
  std::string out;
  for (const FileLine& l : lines) out += l.text + "\n";
  return out;
}

}  // namespace

std::vector<DemoFile> generate_demo_data(uint64_t seed, const DemoSize& size) {
  const int n = std::max(size.users, 1);
  const int p = std::max(size.products, 1);
  const int m = std::max(size.orders, 1);
  const int gbk_users = std::max(1, n / 20);

  Rng user_rng = stream(seed, 1);
  std::unordered_set<std::string> emails;
  std::string users = users_csv(user_rng, n, emails);
  std::string gbk = to_gbk(gbk_users_csv(user_rng, n + 1, gbk_users, emails));

  Rng product_rng = stream(seed, 2);
  const Catalog catalog = make_catalog(product_rng, p);
  std::string xml = catalog_xml(product_rng, catalog);

  Rng order_rng = stream(seed, 3);
  const std::vector<Order> orders = make_orders(order_rng, m, n + gbk_users, catalog);
  const size_t h2 =
      static_cast<size_t>(std::find_if(orders.begin(), orders.end(),
                                       [](const Order& o) { return o.day >= kSecondHalf; }) -
                          orders.begin());
  std::string h1_json = orders_array(order_lines(order_rng, orders, 0, h2));
  std::string h2_ndjson =
      orders_ndjson(order_rng, order_lines(order_rng, orders, h2, orders.size()));

  std::vector<DemoFile> files;
  files.push_back({"users/users.csv", "text/csv; charset=utf-8", std::move(users)});
  files.push_back({"users/users_cn_gbk.csv", "text/csv; charset=GBK", std::move(gbk)});
  files.push_back({"products/catalog.xml", "application/xml", std::move(xml)});
  files.push_back({"orders/orders-2026-H1.json", "application/json", std::move(h1_json)});
  files.push_back({"orders/orders-2026-H2.ndjson", "application/x-ndjson", std::move(h2_ndjson)});
  return files;
}

}  // namespace wharf::cli
