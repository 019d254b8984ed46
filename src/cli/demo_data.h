// The raw data of `wharf demo`: a small e-commerce company's exports (users, a product catalog,
// a year of orders), realistic and deliberately dirty, so that the demo's pipelines
// (examples/ecommerce/) have real cleaning to do. The demo stores these files as raw objects in
// the embedded S3 store and cleans them from there.
//
// Determinism: the bytes depend only on the seed and the sizes; no std distribution, clock or
// locale is involved (splitmix64 with range and choice helpers of our own), so a seed gives the
// same files on every machine and compiler. Users, products and orders draw from separate
// streams: the user files and the catalog do not change when only `orders` changes.
//
// Counts are given for the sizes asked (n = users, p = products, m = orders; integer division),
// with the value at the defaults in parentheses. Within a file, each kind of row dirt hits rows
// that have no other kind (a duplicated user never also has an empty email, ...), so the counts
// add up; "column dirt" is drawn independently of row dirt.
//
// 1. users/users.csv, "text/csv; charset=utf-8": UTF-8 with a byte-order mark, CRLF line ends,
//    RFC 4180 (a field is quoted only when it holds a comma or a double quote; no field holds a
//    line break). Header: user_id,name,email,phone,city,signup_date,age,vip,updated_at
//    - user_id: u-00001 .. u-<n>, zero-padded to 5 digits.
//    - name: ~40% Chinese (surname + 1-2 given characters: 王伟, 欧阳娜, 李晓明), ~60% Western
//      ("Emma Wilson", "José García", "Zoë Müller", "Liam O'Brien").
//    - email: from the pinyin or the Western name (wang.xiaoming@163.com, 84512377@qq.com,
//      wangxm42@126.com, emma.wilson88@gmail.com, ewilson@example.com) at qq.com, 163.com,
//      126.com, sina.com, foxmail.com, gmail.com, outlook.com, hotmail.com, yahoo.com,
//      icloud.com, example.com. Lowercase, and every well-formed address belongs to one user
//      (across both user files), so lower(trim(email)) identifies a user as user_id does.
//    - phone: mainland mobiles as 138-0013-8000, +86 139 0000 0000 or 13900000000; users living
//      abroad in their city's style (+65 9123 4567, +852 9123 4567, +81 90-1234-5678,
//      +44 7700 900123, +1 212-555-0142, +61 412 345 678, +49 151 23456789, +33 6 12 34 56 78).
//    - city: 北京 上海 深圳 杭州 广州 成都 南京 武汉 西安 苏州 重庆 天津 厦门 长沙, about 1 in 8
//      of those written in English (Beijing, Shanghai, Xi'an, ...); or Singapore, Hong Kong,
//      Tokyo, London, New York, San Francisco, Toronto, Sydney, Berlin, Paris.
//    - signup_date: 2024-01-01 .. 2026-09-30 as %Y-%m-%d (~60%), %Y/%m/%d (~25%) or %d.%m.%Y
//      (~15%, always day first).
//    - age: 18..70 as digits, except the column dirt below.
//    - vip: ~15% true, spelled yes/no, Y/N, true/false or 1/0, mixed from row to row.
//    - updated_at: ISO 8601 with seconds, in UTC ("2026-03-05T02:04:05Z") or China time
//      ("2026-03-05T10:04:05+08:00"), about half each: compare as instants, not as text. On or
//      after the signup date, before 2026-11-21.
//    Row dirt (the file has n + n*3/100 data lines, 2060):
//    - duplicates, n*3/100 (60): a second row with the same user_id, name, signup_date and age,
//      the email in another case (WANG.WEI@163.COM, Wang.Wei@163.com or wang.wei@163.COM), an
//      updated_at 1-30 days later, and a changed city (~50%), phone (~30%) or both (~20%); vip
//      flips in ~20%. The newer row is placed anywhere in the file, about as often before the
//      older row as after it: deduplication must keep the greatest updated_at, not the last row.
//    - empty email, n*2/100 (40).
//    - invalid email, n/100 (20): no @ (wangwei163.com, emma.wilson.gmail.com), nothing after
//      the @ (wangwei@), or a domain without a dot (emma.wilson@gmail).
//    - stray whitespace, n*5/100 (100): before and/or after the name and/or the email: ASCII
//      spaces, a tab, the ideographic space U+3000, the no-break space U+00A0. Unquoted.
//    - names with a comma, ceil(k/2), and with double quotes, floor(k/2), k = max(2, n*3/1000)
//      (3 and 3): "Wilson, Emma", "王伟, Wang Wei", "Robert ""Bob"" Smith", "张伟 ""David""".
//      Properly quoted: valid rows.
//    - malformed lines, max(1, n*5/1000) (10): a double quote inside the unquoted name
//      (Mi"a Smith, 傅"怡), which an RFC 4180 reader rejects. The line is otherwise complete and
//      the next line is a normal row. These users are lost to the rejects; orders still name them.
//    - short rows, 2: one without updated_at (8 fields), one without vip and updated_at (7).
//    With n < 100 there is no row dirt.
//    Column dirt: age, n*2/100 (40) rows, is "", "N/A", "abc", "-5" or "200".
//
// 2. users/users_cn_gbk.csv, "text/csv; charset=GBK": k = max(1, n/20) more users (100) in GBK,
//    no byte-order mark, LF line ends, the same header and columns, user_ids u-<n+1> ..
//    u-<n+k>. ~90% Chinese names; Western names without accents; Chinese cities in Chinese
//    only. Dirt: stray whitespace in k/20 rows (5; ASCII spaces, a tab or U+3000 only), age
//    column dirt in k/50 rows (2). No duplicates, bad emails, odd names or malformed lines.
//
// 3. products/catalog.xml, "application/xml": UTF-8, indented:
//      <catalog>
//        <product id="p-0001" category="electronics">
//          <name>华为 Mate 60 Pro 智能手机, 5G, 256GB</name>
//          <description>Huawei Mate 60 Pro 5G smartphone, ... 旗舰手机, ...</description>
//          <price currency="CNY">5999.00</price>
//          <stock>12</stock>
//          <tags><tag>phone</tag><tag>5G</tag><tag>手机</tag><tag>Huawei</tag></tags>
//        </product>
//    p products, p-0001 .. (4 digits) in document order; category one of electronics, books,
//    home, clothing, food, beauty, sports; currency always CNY; stock 0-500 (~5% zero); 2-4 tags.
//    Names and descriptions mix Chinese and English ("无线蓝牙耳机 降噪 / wireless
//    noise-cancelling earbuds", "Stainless steel vacuum flask, 500ml, keeps tea hot for 12
//    hours"), so that 手机, 耳机, tea, bluetooth, 茶, coffee and book each occur in the name or
//    description of several products (8 or more at the default size for each of 40 seeds tried).
//    Products come in affinity groups (a phone with its case, screen protector, charger and
//    earbuds; a tea with a flask, a tea set and a tray; the volumes of a book series; a skincare
//    line; running shoes with socks and a belt ...), not marked in the catalog: the orders reveal
//    them. There are 350 distinct products; beyond that they repeat with " - 款式 2 / style 2" (3,
//    ...) appended to the name. The price is the list price with 2 decimals ("5999.00", "58.90"),
//    except (distinct products):
//    - "N/A" or empty (<price currency="CNY"></price>), alternately, p*2/100 (6: 3 + 3);
//    - negative ("-59.90"), p/100 (3);
//    - a thousands separator ("1,299.00"), on products priced 1000 or more, max(2, p/100) (3;
//      p/100 with p < 100).
//    Also:
//    - <stock> missing, p*3/100 (9), independent of the price dirt;
//    - description ending "限时优惠 & 包邮 / limited offer & free shipping." (written &amp;),
//      p*3/100 (9); some names contain & too (Be&Cheery, Head & Shoulders, "1 teapot & 6 cups");
//    - description as CDATA holding HTML (<![CDATA[<p><b>热卖</b> ...</p><ul><li>...</li></ul>]]>),
//      max(2, p*2/100) (6; p*2/100 with p < 100), distinct from the & ones.
//    Orders always carry a real price, also for products whose catalog price is dirty.
//
// 4. orders/orders-2026-H1.json, "application/json": a JSON array, one order per line, created
//    2026-01-01 .. 2026-06-30; orders/orders-2026-H2.ndjson, "application/x-ndjson": one order
//    per line, 2026-07-01 .. 2026-11-20. An order:
//      {"order_id": "o-000001", "user_id": "u-00042", "created_at": "2026-03-05T10:04:05+08:00",
//       "status": "paid", "lines": [{"product_id": "p-0012", "qty": 2, "unit_price": 59.9}]}
//    m order ids o-000001 .. (6 digits), numbered in created_at order across both files;
//    created_at always China time (+08:00). 1-4 lines (~40/30/20/10%) with distinct products.
//    qty a positive integer (1 in ~82% of the lines, at most 5). unit_price a JSON number with at
//    most 2 decimals and no trailing zeros (1299, 59.9, 177.99): the list price, or for ~40% of the
//    lines during the 6.18 (06-01..06-20) and 11.11 (10-20..11-12) sales 85-95% of it rounded to
//    0.1. status: paid (~60%), shipped (~25%), cancelled (~9%), refunded (~6%); 11-18..11-20 mostly
//    paid. Orders per day grow ~30% over the year, are ~40% higher on weekends, dip around the
//    Spring Festival (02-14..02-22, lowest on 02-17) and peak on 6.18 (~3x an average day) and
//    11.11 (~4.5x, with a rush just after midnight); evenings are busiest. Users of both files buy;
//    some buy far more than others; each has 1-2 favourite categories (~75% of orders). A basket is
//    built around a product and mostly completed from its affinity group (~70% of the extra lines),
//    so item-to-item co-purchase counts are meaningful.
//    Dirt (distinct orders):
//    - status case and whitespace, m*3/100 (360): "PAID", "Paid", "Paid ", " shipped",
//      "CANCELLED ": normalize with lower(trim(status)).
//    - bad qty, m/100 (120): one line's qty is a JSON string ("one", "two", "three"), 0 or
//      negative (-1, -2).
//    - unknown user, m/200 (60): a user_id above every user (u-<n + k + 1> and up).
//    - no created_at, m/200 (60): the key is absent.
//    - duplicate orders, max(3, m/400) (30; m/400 with m < 200): the same order, byte for byte,
//      twice in the same file, the copy 1-5 orders after the original.
//    - H2 only, when it has 50 or more lines: 2 malformed lines, one order cut off mid-line (that
//      order is lost) and one complete order followed by a stray comma ("{...},", which a strict
//      NDJSON reader rejects), and one blank line in the middle. The H1 array is valid JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wharf::cli {

struct DemoSize {
  int users = 2000;
  int products = 300;
  int orders = 12000;
};

struct DemoFile {
  std::string key;           // object key, e.g. "users/users.csv"
  std::string content_type;  // e.g. "text/csv; charset=utf-8"
  std::string bytes;
};

// The raw files, in this order: "users/users.csv", "users/users_cn_gbk.csv",
// "products/catalog.xml", "orders/orders-2026-H1.json", "orders/orders-2026-H2.ndjson".
// Sizes below 1 are taken as 1. The defaults take well under a second (~50 ms optimized).
std::vector<DemoFile> generate_demo_data(uint64_t seed, const DemoSize& size = {});

}  // namespace wharf::cli
