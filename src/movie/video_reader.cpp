// A user's video read one frame at a time: libavformat demuxes the first video stream, libavcodec
// decodes it, libswscale converts each picture to 8-bit gray at its own size, and from there the
// frame takes the PNG frames' path (÷ 255, centre crop, area resampling), so that a lossless gray
// video reads as the very Frames of the PNG folder of its frames. Only the resampled frames are
// kept: a long video is never held whole.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/movie.hpp"
#include "movie/image_io.hpp"

namespace flujo::movie {
namespace {

// The largest side decoded, as for images: a bound on what a stream header may make us allocate.
constexpr int kMaxSide = 16384;

struct CloseFormat {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct FreeCodec {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FreeFrame {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct FreePacket {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FreeScaler {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
using FramePtr = std::unique_ptr<AVFrame, FreeFrame>;

std::string reason(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

// Timestamps far from any real video's (garbage in a damaged header) are left out of the
// arithmetic below, which they would overflow.
bool plausible(int64_t ts) { return ts > -(int64_t{1} << 60) && ts < (int64_t{1} << 60); }
int64_t or_zero(int64_t ts) { return ts != AV_NOPTS_VALUE && plausible(ts) ? ts : 0; }

// A frame's length in the stream's time base, for packets that carry none; 0: unknown.
int64_t frame_interval(const AVStream& stream) {
  const AVRational average = stream.avg_frame_rate;
  const AVRational rate = average.num > 0 && average.den > 0 ? average : stream.r_frame_rate;
  if (rate.num <= 0 || rate.den <= 0 || stream.time_base.num <= 0 || stream.time_base.den <= 0) return 0;
  const int64_t interval = av_rescale_q(1, av_inv_q(rate), stream.time_base);
  return plausible(interval) ? interval : 0;
}

// Where the container says the video stream ends, in the stream's time base; AV_NOPTS_VALUE
// where it does not say. The stream's own duration, else the file's when the video is its only
// stream (Matroska gives only the file's); never a guess from the bit rate.
int64_t declared_end(const AVFormatContext& format, const AVStream& stream) {
  if (format.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE) return AV_NOPTS_VALUE;
  if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0 && plausible(stream.duration))
    return or_zero(stream.start_time) + stream.duration;
  if (format.nb_streams == 1 && format.duration != AV_NOPTS_VALUE && format.duration > 0 &&
      plausible(format.duration)) {
    const int64_t end =
        av_rescale_q(or_zero(format.start_time) + format.duration, AV_TIME_BASE_Q, stream.time_base);
    if (plausible(end)) return end;
  }
  return AV_NOPTS_VALUE;
}

std::string pixel_format_name(AVPixelFormat format) {
  const char* name = av_get_pix_fmt_name(format);
  return name != nullptr ? name : fmt::format("number {}", static_cast<int>(format));
}

// The decoder's pictures, each converted, checked and resampled as it comes.
class FrameSink {
 public:
  FrameSink(const std::string& path, int64_t size) : path_(path), size_(size) {}

  void add(const AVFrame& picture) {
    const int64_t k = frames_.count;
    // A frame the decoder marks as patched up (a lost slice concealed) has made-up pixels: refused
    // as a broken PNG is. (FFV1 conceals a slice that fails its checksum without a mark.)
    require(!(picture.flags & AV_FRAME_FLAG_CORRUPT) && picture.decode_error_flags == 0,
            fmt::format("{}: corrupt video stream (damaged frame {})", path_, k));
    if (k == 0) {
      require(picture.width >= 1 && picture.height >= 1 && picture.width <= kMaxSide &&
                  picture.height <= kMaxSide,
              fmt::format("{}: frame size {}×{} is not 1 to {} a side", path_, picture.width, picture.height,
                          kMaxSide));
      width_ = picture.width, height_ = picture.height;
      gray_.reset(av_frame_alloc());
      require(gray_ != nullptr, fmt::format("{}: out of memory", path_));
      gray_->format = AV_PIX_FMT_GRAY8, gray_->width = width_, gray_->height = height_;
      require(av_frame_get_buffer(gray_.get(), 0) == 0, fmt::format("{}: out of memory", path_));
      frames_.height = frames_.width = size_;
    }
    require(picture.width == width_ && picture.height == height_,
            fmt::format("{}: frame {} is {}×{} where the first frame is {}×{}", path_, k, picture.width,
                        picture.height, width_, height_));
    const auto format = static_cast<AVPixelFormat>(picture.format);
    require(format != AV_PIX_FMT_NONE && sws_isSupportedInput(format),
            fmt::format("{}: frame {} has a pixel format libswscale cannot convert ({})", path_, k,
                        pixel_format_name(format)));
    // Gray at the source size: swscale only converts (a gray source is copied, a colour one gives
    // its luma); the resampling is square_resample's, as for image files.
    // BITEXACT: the same bytes on every CPU.
    scaler_.reset(sws_getCachedContext(scaler_.release(), width_, height_, format, width_, height_,
                                       AV_PIX_FMT_GRAY8, SWS_POINT | SWS_ACCURATE_RND | SWS_BITEXACT, nullptr,
                                       nullptr, nullptr));
    require(scaler_ != nullptr, fmt::format("{}: cannot convert frame {} to gray", path_, k));
    const int rows = sws_scale(scaler_.get(), picture.data, picture.linesize, 0, height_, gray_->data,
                               gray_->linesize);
    require(rows == height_, fmt::format("{}: cannot convert frame {} to gray", path_, k));
    Image image{height_, width_, std::vector<float>(static_cast<size_t>(height_) * width_)};
    for (int r = 0; r < height_; ++r) {
      const uint8_t* row = gray_->data[0] + static_cast<ptrdiff_t>(r) * gray_->linesize[0];
      for (int c = 0; c < width_; ++c)
        image.pixels[static_cast<size_t>(r) * width_ + c] = static_cast<float>(row[c]) / 255.0f;
    }
    const std::vector<float> square = square_resample(image, size_);
    frames_.pixels.insert(frames_.pixels.end(), square.begin(), square.end());
    ++frames_.count;
  }

  int64_t count() const { return frames_.count; }
  Frames take() { return std::move(frames_); }

 private:
  std::string path_;
  int64_t size_;
  int width_ = 0, height_ = 0;
  FramePtr gray_;
  std::unique_ptr<SwsContext, FreeScaler> scaler_;
  Frames frames_;
};

}  // namespace

Frames read_video(const std::string& path, int64_t size) {
  require(size >= 8 && size <= 1024, fmt::format("--size must be 8 to 1024, got {}", size));
  std::ifstream file(path, std::ios::binary);
  require(file.good(), fmt::format("{}: cannot open", path));
  require(file.peek() != std::ifstream::traits_type::eof(), fmt::format("{}: empty file", path));
  file.close();
  // FFmpeg's own log would print its lines beside ours: the Error below is the one line.
  av_log_set_level(AV_LOG_QUIET);

  // "file:" and the whitelist: the path names a local file, never a URL or protocol (a name with
  // a colon in it stays a name), and a playlist format cannot make FFmpeg open other protocols.
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  AVFormatContext* raw_format = nullptr;
  const int opened = avformat_open_input(&raw_format, ("file:" + path).c_str(), nullptr, &options);
  av_dict_free(&options);
  require(opened != AVERROR_EOF, fmt::format("{}: empty, or cut short before its first frame", path));
  require(opened == 0, fmt::format("{}: not a video file FFmpeg can read ({})", path, reason(opened)));
  const std::unique_ptr<AVFormatContext, CloseFormat> format(raw_format);
  const int probed = avformat_find_stream_info(format.get(), nullptr);
  require(probed != AVERROR_EOF, fmt::format("{}: empty, or cut short before its first frame", path));
  require(probed >= 0, fmt::format("{}: not a video file FFmpeg can read ({})", path, reason(probed)));

  // The first video stream; a cover picture (a still attached to an audio file or a movie) is
  // not one.
  const AVStream* stream = nullptr;
  for (unsigned s = 0; s < format->nb_streams && stream == nullptr; ++s)
    if (format->streams[s]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(format->streams[s]->disposition & AV_DISPOSITION_ATTACHED_PIC))
      stream = format->streams[s];
  require(stream != nullptr, fmt::format("{}: no video stream in it", path));
  const AVCodec* decoder = avcodec_find_decoder(stream->codecpar->codec_id);
  const char* codec_name = avcodec_get_name(stream->codecpar->codec_id);
  require(decoder != nullptr, fmt::format("{}: unsupported video codec '{}'", path, codec_name));
  const std::unique_ptr<AVCodecContext, FreeCodec> codec(avcodec_alloc_context3(decoder));
  require(codec != nullptr && avcodec_parameters_to_context(codec.get(), stream->codecpar) >= 0,
          fmt::format("{}: unsupported video codec '{}'", path, decoder->name));
  // Damage the decoder detects is an error, not something to conceal and go on.
  codec->err_recognition |= AV_EF_CRCCHECK | AV_EF_EXPLODE;
  const int ready = avcodec_open2(codec.get(), decoder, nullptr);
  require(ready == 0,
          fmt::format("{}: unsupported video codec '{}' ({})", path, decoder->name, reason(ready)));

  const std::unique_ptr<AVPacket, FreePacket> packet(av_packet_alloc());
  const FramePtr picture(av_frame_alloc());
  require(packet != nullptr && picture != nullptr, fmt::format("{}: out of memory", path));
  FrameSink sink(path, size);
  auto corrupt = [&](int code) {
    return fmt::format("{}: corrupt or truncated video stream (decoding frame {}: {})", path, sink.count(),
                       reason(code));
  };
  // Every picture the decoder has ready (until it asks for more input, or is drained).
  auto receive = [&] {
    for (;;) {
      const int got = avcodec_receive_frame(codec.get(), picture.get());
      if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return;
      require(got == 0, corrupt(got));
      sink.add(*picture);
      av_frame_unref(picture.get());
    }
  };
  const int64_t interval = frame_interval(*stream);
  int64_t demuxed_end = AV_NOPTS_VALUE;  // where the last packet read ends
  for (;;) {
    const int read = av_read_frame(format.get(), packet.get());
    if (read == AVERROR_EOF) break;
    require(read == 0, corrupt(read));
    if (packet->stream_index == stream->index) {
      require(!(packet->flags & AV_PKT_FLAG_CORRUPT), corrupt(AVERROR_INVALIDDATA));
      const int64_t at = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
      const int64_t length = packet->duration > 0 ? packet->duration : interval;
      if (at != AV_NOPTS_VALUE && plausible(at) && plausible(length))
        demuxed_end = demuxed_end == AV_NOPTS_VALUE ? at + length : std::max(demuxed_end, at + length);
      const int sent = avcodec_send_packet(codec.get(), packet.get());
      require(sent == 0, corrupt(sent));
      receive();
    }
    av_packet_unref(packet.get());
  }
  // The end of the stream: a null packet drains the frames the decoder still holds back
  // (reordered or frame-threaded ones), so that the last frames are not lost.
  const int flushed = avcodec_send_packet(codec.get(), nullptr);
  require(flushed == 0, corrupt(flushed));
  receive();
  require(sink.count() > 0, fmt::format("{}: no frames in its video stream", path));
  // A container that knows the video's length (Matroska, MP4) tells a file cut between two frames
  // from a complete one: the demuxer itself reports only the end of the file. Half a frame of
  // slack: timestamps rounded to the millisecond, a last frame whose length is not stored (and so
  // taken as the average), but not one frame lost.
  const int64_t end = declared_end(*format, *stream);
  if (end != AV_NOPTS_VALUE && demuxed_end != AV_NOPTS_VALUE && interval > 0) {
    const int64_t start = or_zero(stream->start_time);
    const double seconds = av_q2d(stream->time_base);
    require(demuxed_end + interval / 2 >= end,
            fmt::format("{}: truncated video stream: it ends after frame {} at {:.2f} s where the file says "
                        "{:.2f} s",
                        path, sink.count() - 1, (demuxed_end - start) * seconds, (end - start) * seconds));
  }
  return sink.take();
}

}  // namespace flujo::movie
